"""Reads about quizzes: outcomes, attempts, the grading queue, grade tables, analysis.

Each function makes a fixed number of queries, whatever the number of questions,
attempts or people.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from courses.models import Edition, Enrolment
from website.accounts.types import User
from website.core.generations import remember_content
from website.core.memo import remember
from website.core.prepared import prepared_rows

from . import permissions
from .models import Attempt, AttemptAnswer, Choice, GradingMethod, Question, Quiz, ReviewWhen


@dataclass(frozen=True)
class QuizOutcome:
    submitted: bool
    passed: bool
    grade: Decimal | None  # percentage 0–100 after the grading method; None while ungraded
    attempts: int


def combined_grade(grades: list[Decimal | None], method: str) -> Decimal | None:
    """The quiz grade from the finished attempts' grades, in attempt order.

    An attempt with an essay still to grade has no grade: "last" waits for it; "highest"
    and "average" use the graded attempts.
    """
    if not grades:
        return None
    if method == GradingMethod.LAST:
        return grades[-1]
    graded = [grade for grade in grades if grade is not None]
    if not graded:
        return None
    if method == GradingMethod.AVERAGE:
        return (sum(graded, Decimal("0")) / len(graded)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return max(graded)


def quiz_outcomes(
    *, quiz_ids: Iterable[int], user_ids: Iterable[int]
) -> dict[tuple[int, int], QuizOutcome]:
    """Keyed by (quiz_id, user_id), for the pairs with at least one finished attempt (1 query,
    once per request: the quizzes panel and the learning panel of a course page both ask)."""
    quiz_ids, user_ids = sorted(set(quiz_ids)), sorted(set(user_ids))
    return remember(
        ("quizzes.quiz_outcomes", tuple(quiz_ids), tuple(user_ids)),
        lambda: _quiz_outcomes(quiz_ids, user_ids),
    )


def _finished_attempts_query(quizzes: int) -> Callable[..., QuerySet]:
    """The finished attempts' grades of the first ``quizzes`` ids (quizzes) by the rest (people)."""

    def build(*ids: int) -> QuerySet:
        return (
            Attempt.objects.filter(
                quiz_id__in=ids[:quizzes], user_id__in=ids[quizzes:], state=Attempt.State.FINISHED
            )
            .order_by("quiz_id", "user_id", "number")
            .values_list("quiz_id", "user_id", "grade", "quiz__grading_method", "quiz__pass_mark")
        )

    return build


def _quiz_outcomes(quiz_ids: list[int], user_ids: list[int]) -> dict[tuple[int, int], QuizOutcome]:
    # Built and compiled once per number of quizzes and people (website.core.prepared).
    rows = prepared_rows(
        ("quizzes.finished_attempts", len(quiz_ids), len(user_ids)),
        _finished_attempts_query(len(quiz_ids)),
        [*quiz_ids, *user_ids],
    )
    grades: dict[tuple[int, int], list] = defaultdict(list)
    settings: dict[int, tuple[str, Decimal]] = {}
    for quiz_id, user_id, grade, method, pass_mark in rows:
        grades[(quiz_id, user_id)].append(grade)
        settings[quiz_id] = (method, pass_mark)
    outcomes = {}
    for key, attempt_grades in grades.items():
        method, pass_mark = settings[key[0]]
        grade = combined_grade(attempt_grades, method)
        outcomes[key] = QuizOutcome(
            submitted=True,
            passed=grade is not None and grade >= pass_mark,
            grade=grade,
            attempts=len(attempt_grades),
        )
    return outcomes


def certificate_quizzes_passed(edition: Edition, user_ids: Iterable[int]) -> set[int]:
    """Among ``user_ids``, those who passed every quiz of the edition's course marked as
    required for the certificate (everyone, when there is none). Two queries."""
    user_ids = list(user_ids)
    required = list(
        Quiz.objects.filter(
            course_id=edition.course_id, required_for_certificate=True, is_published=True
        ).values_list("pk", flat=True)
    )
    if not required:
        return set(user_ids)
    outcomes = quiz_outcomes(quiz_ids=required, user_ids=user_ids)
    return {
        user_id
        for user_id in user_ids
        if all(
            (outcome := outcomes.get((quiz_id, user_id))) is not None and outcome.passed
            for quiz_id in required
        )
    }


# --- The learner's side -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRights:
    score: bool
    answers: bool
    feedback: bool


def _allowed(when: str, quiz: Quiz, now: datetime) -> bool:
    if when == ReviewWhen.IMMEDIATELY:
        return True
    if when == ReviewWhen.AFTER_CLOSE:
        return quiz.is_closed(now)
    return False


def review_rights(quiz: Quiz, attempt: Attempt, *, now: datetime | None = None) -> ReviewRights:
    """What the learner may see of a finished attempt, now (nothing before it is finished)."""
    now = now or timezone.now()
    if not attempt.is_finished:
        return ReviewRights(False, False, False)
    return ReviewRights(
        score=_allowed(quiz.review_score, quiz, now),
        answers=_allowed(quiz.review_answers, quiz, now),
        feedback=_allowed(quiz.review_feedback, quiz, now),
    )


def attempts_of(quiz: Quiz, user: User) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))


def question_count(quiz: Quiz) -> int:
    # The plugin cannot type the managers of Orderable children (see Quiz): name the type.
    fixed: int = quiz.slots.count()
    drawn: int = sum(rule.count for rule in quiz.random_rules.all())
    return fixed + drawn


def attempt_answers(attempt: Attempt) -> list[AttemptAnswer]:
    """The attempt's questions in order, each with its choices (3 queries)."""
    return list(
        attempt.answers.select_related("question")
        .prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("sort_order", "pk"))
        )
        .order_by("position")
    )


def learner_quizzes(course_id: int) -> QuerySet[Quiz]:
    return Quiz.objects.filter(course_id=course_id, is_published=True).order_by("title")


def course_page_quizzes(course_id: int) -> list[Quiz]:
    """:func:`learner_quizzes` for the course page and the teacher's page of an edition, from
    the cache (QuizzesConfig bumps the content generation whenever a quiz is saved or
    deleted)."""
    return remember_content(
        f"quizzes.published:{course_id}", lambda: list(learner_quizzes(course_id))
    )


# --- Grading queue, grade table, analysis ------------------------------------------------------


def grading_queue(user: User) -> QuerySet[AttemptAnswer]:
    """The essays waiting for a grade that the user may grade, oldest first."""
    answers = AttemptAnswer.objects.filter(
        needs_grading=True, attempt__state=Attempt.State.FINISHED
    ).select_related("attempt__quiz__course", "attempt__user", "question")
    if not permissions.manages_quizzes(user):
        answers = answers.filter(
            permissions.learners_visible_filter(
                user, user_field="attempt__user", course_field="attempt__quiz__course"
            )
        )
    return answers.order_by("attempt__finished_at", "pk")


@dataclass(frozen=True)
class GradeTable:
    quizzes: list[Quiz]
    rows: list[tuple[User, list[QuizOutcome | None]]]


def grade_table(edition: Edition) -> GradeTable:
    """The edition's people (confirmed places) × the course's published quizzes (3 queries)."""
    quizzes = list(learner_quizzes(edition.course_id))
    enrolments = list(
        Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    people = [enrolment.user for enrolment in enrolments]
    outcomes = quiz_outcomes(
        quiz_ids=[quiz.pk for quiz in quizzes], user_ids=[person.pk for person in people]
    )
    rows = [(person, [outcomes.get((quiz.pk, person.pk)) for quiz in quizzes]) for person in people]
    return GradeTable(quizzes=quizzes, rows=rows)


@dataclass(frozen=True)
class QuestionStats:
    question: Question
    responses: int
    facility: Decimal | None  # mean share of the mark, 0–100
    discrimination: Decimal | None  # upper minus lower group's facility, -100–100

    @property
    def flagged(self) -> bool:
        """A question worth a look: almost everyone or almost nobody gets it, or it
        does not tell the better learners from the weaker ones."""
        if self.facility is None:
            return False
        if self.facility < 10 or self.facility > 95:
            return True
        return self.discrimination is not None and self.discrimination < 20


def question_analysis(quiz: Quiz, user: User) -> tuple[int, list[QuestionStats]]:
    """Facility and discrimination index of each question, over the first finished attempts
    of the learners the user may see (2 queries).

    The discrimination index compares the top and bottom 27% of attempts by grade:
    the share right in the top group minus the share right in the bottom group.
    """
    attempts = Attempt.objects.filter(
        quiz=quiz, state=Attempt.State.FINISHED, grade__isnull=False, number=1
    )
    if not permissions.manages_quizzes(user):
        attempts = attempts.filter(permissions.learners_visible_filter(user))
    rows = list(
        AttemptAnswer.objects.filter(attempt__in=attempts, fraction__isnull=False)
        .select_related("question")
        .values_list("attempt_id", "attempt__grade", "question_id", "fraction")
    )
    # grade__isnull=False and fraction__isnull=False above: neither column is None here.
    grades = {attempt_id: cast(Decimal, grade) for attempt_id, grade, _q, _f in rows}
    ranked = sorted(grades, key=lambda attempt_id: grades[attempt_id])
    group = max(1, round(len(ranked) * 0.27)) if ranked else 0
    lower, upper = set(ranked[:group]), set(ranked[-group:]) if group else set()
    by_question: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for attempt_id, _grade, question_id, fraction in rows:
        by_question[question_id].append((attempt_id, cast(Decimal, fraction)))
    questions = Question.objects.in_bulk(list(by_question))
    stats = []
    for question_id, values in by_question.items():
        facility = sum((f for _a, f in values), Decimal("0")) / len(values) * 100

        def share(
            group_ids: set[int], values: list[tuple[int, Decimal]] = values
        ) -> Decimal | None:
            chosen = [f for a, f in values if a in group_ids]
            return sum(chosen, Decimal("0")) / len(chosen) * 100 if chosen else None

        top, bottom = share(upper), share(lower)
        discrimination = (
            (top - bottom) if top is not None and bottom is not None and len(ranked) >= 4 else None
        )
        stats.append(
            QuestionStats(
                question=questions[question_id],
                responses=len(values),
                facility=facility.quantize(Decimal("0.1")),
                discrimination=discrimination.quantize(Decimal("0.1"))
                if discrimination is not None
                else None,
            )
        )
    stats.sort(key=lambda item: item.question.name)
    return len(ranked), stats
