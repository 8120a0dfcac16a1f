"""What changes quizzes and attempts: each function is one transaction.

Attempts are changed under a row lock on the attempt (``select_for_update``, which
PostgreSQL honours and SQLite makes unnecessary by writing one transaction at a
time), so two tabs saving one attempt serialize: the last save made before the
deadline wins, and nothing changes a finished attempt.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Enrolment
from website.accounts.models import User
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.notifications.notices import tell

from . import grading
from .formats.common import ParsedQuestion
from .models import (
    Attempt,
    AttemptAnswer,
    Choice,
    ClosingReminder,
    Question,
    QuestionCategory,
    QuestionType,
    Quiz,
)
from .responses import response_from_form, shown_positions

# --- Starting an attempt ----------------------------------------------------------------


def _draw_questions(quiz: Quiz, *, rng: random.Random) -> list[tuple[Question, Decimal]]:
    """The questions of a new attempt with their marks: fixed ones, then the random draws."""
    drawn = []
    taken = set()
    for slot in quiz.slots.select_related("question").order_by("sort_order", "pk"):
        drawn.append((slot.question, slot.mark or slot.question.default_mark))
        taken.add(slot.question_id)
    for rule in quiz.random_rules.select_related("category").order_by("sort_order", "pk"):
        pool = [
            question
            for question in Question.objects.filter(category_id=rule.category_id).order_by("pk")
            if question.pk not in taken
        ]
        if len(pool) < rule.count:
            raise Refused(
                _(
                    "Il quiz non è pronto: la categoria «%(category)s» ha %(have)s domande "
                    "disponibili, ne servono %(need)s."
                )
                % {"category": rule.category.name, "have": len(pool), "need": rule.count}
            )
        for question in rng.sample(pool, rule.count):
            drawn.append((question, question.default_mark))
            taken.add(question.pk)
    if not drawn:
        raise Refused(_("Il quiz non ha ancora domande."))
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    return drawn


def _layout(
    question: Question, choices: list[Choice], *, shuffle: bool, rng: random.Random
) -> tuple[list[int], list[str]]:
    if question.type == QuestionType.MATCHING:
        prompts = [choice.pk for choice in choices if choice.text.strip()]
        options = list(
            dict.fromkeys(choice.match_answer for choice in choices if choice.match_answer)
        )
        rng.shuffle(options)  # matching options are always shuffled, as in Moodle
        if shuffle:
            rng.shuffle(prompts)
        return prompts, options
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        order = [choice.pk for choice in choices]
        if shuffle and question.type != QuestionType.TRUE_FALSE:
            rng.shuffle(order)
        return order, []
    return [], []


def _deadline(quiz: Quiz, started_at: datetime) -> datetime | None:
    candidates = []
    if quiz.time_limit_minutes:
        candidates.append(started_at + timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        candidates.append(quiz.closes_at)
    return min(candidates) if candidates else None


def attempt_start(
    *, quiz: Quiz, user: User, now: datetime | None = None, seed: int | None = None
) -> Attempt:
    """The learner's attempt in progress, or a new one if the rules allow it."""
    now = now or timezone.now()
    rng = random.Random(seed)
    with transaction.atomic():
        # One start at a time per person (PostgreSQL); the constraints catch the rest.
        User.objects.select_for_update().filter(pk=user.pk).first()
        for pk in Attempt.objects.filter(
            quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS
        ).values_list("pk", flat=True):
            open_attempt = _locked(pk)
            if open_attempt.is_overdue(now):
                _finish_locked(open_attempt, now=now)
            else:
                return open_attempt
        if not quiz.is_published:
            raise Refused(_("Questo quiz non è pubblicato."))
        if quiz.opens_at and now < quiz.opens_at:
            raise Refused(_("Il quiz non è ancora aperto."))
        if quiz.is_closed(now):
            raise Refused(_("Il quiz è chiuso."))
        done = Attempt.objects.filter(quiz=quiz, user=user).count()
        if quiz.attempts_allowed and done >= quiz.attempts_allowed:
            raise Refused(_("Hai già usato tutti i tentativi consentiti."))
        drawn = _draw_questions(quiz, rng=rng)
        choices_of: dict[int, list[Choice]] = {}
        for choice in Choice.objects.filter(question__in=[q for q, _m in drawn]).order_by(
            "sort_order", "pk"
        ):
            choices_of.setdefault(choice.question_id, []).append(choice)
        attempt = Attempt(
            quiz=quiz,
            user=user,
            number=done + 1,
            started_at=now,
            deadline=_deadline(quiz, now),
            max_score=sum((mark for _q, mark in drawn), Decimal("0")),
        )
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError:
            existing = Attempt.objects.filter(
                quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS
            ).first()
            if existing is None:
                raise Refused(_("Non è stato possibile iniziare il tentativo: riprova.")) from None
            return existing
        rows = []
        for position, (question, mark) in enumerate(drawn, start=1):
            order, options = _layout(
                question, choices_of.get(question.pk, []), shuffle=quiz.shuffle_answers, rng=rng
            )
            rows.append(
                AttemptAnswer(
                    attempt=attempt,
                    question=question,
                    position=position,
                    max_mark=mark,
                    choice_order=order,
                    option_order=options,
                )
            )
        AttemptAnswer.objects.bulk_create(rows)
        return attempt


# --- Saving and finishing -----------------------------------------------------------------


@dataclass(frozen=True)
class SaveOutcome:
    saved: bool
    finished: bool
    saved_at: datetime | None = None


def _locked(attempt_pk: int) -> Attempt:
    return Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt_pk)


def attempt_save(
    *,
    attempt: Attempt,
    user: User,
    data: QueryDict,
    finish: bool = False,
    now: datetime | None = None,
) -> SaveOutcome:
    """Save the answers in ``data``; finish the attempt too when asked.

    After the deadline nothing is saved: the attempt is finished on what was saved in
    time. A finished attempt refuses any change.
    """
    with transaction.atomic():
        attempt = _locked(attempt.pk)
        now = now or timezone.now()
        if attempt.user_id != user.pk:
            raise Refused(_("Questo tentativo non è tuo."))
        if attempt.is_finished:
            raise Refused(_("Questo tentativo è già stato consegnato e non si può più cambiare."))
        if attempt.is_overdue(now):
            _finish_locked(attempt, now=now)
            return SaveOutcome(saved=False, finished=True)
        answers = {
            answer.position: answer
            for answer in attempt.answers.select_related("question").order_by("position")
        }
        changed = []
        for position in shown_positions(data, set(answers)):
            answer = answers[position]
            answer.response = response_from_form(answer, data)
            answer.saved_at = now
            changed.append(answer)
        AttemptAnswer.objects.bulk_update(changed, ["response", "saved_at"])
        if finish:
            _finish_locked(attempt, now=now)
        return SaveOutcome(saved=True, finished=finish, saved_at=now)


def _recompute(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    attempt.score = sum((a.mark for a in answers if a.mark is not None), Decimal("0"))
    if any(a.needs_grading for a in answers):
        attempt.grade = None
    else:
        attempt.grade = grading.percentage(attempt.score, attempt.max_score)


def _finish_locked(attempt: Attempt, *, now: datetime) -> None:
    """Grade every saved answer and close the attempt (the caller holds the lock)."""
    answers = list(attempt.answers.select_related("question").order_by("position"))
    choices_of: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question__in=[a.question_id for a in answers]).order_by(
        "sort_order", "pk"
    ):
        choices_of.setdefault(choice.question_id, []).append(choice)
    for answer in answers:
        fraction = grading.grade_response(
            answer.question, choices_of.get(answer.question_id, []), answer.response
        )
        if fraction is None:  # an essay
            answer.needs_grading = bool(answer.response.get("text", "").strip())
            answer.fraction = None if answer.needs_grading else grading.ZERO
            answer.mark = None if answer.needs_grading else grading.ZERO
        else:
            answer.fraction = fraction
            answer.mark = grading.mark_for(fraction, answer.max_mark)
    AttemptAnswer.objects.bulk_update(answers, ["fraction", "mark", "needs_grading"])
    overdue = attempt.is_overdue(now)
    attempt.state = Attempt.State.FINISHED
    attempt.timed_out = overdue
    attempt.finished_at = attempt.deadline if overdue else now
    _recompute(attempt, answers)
    attempt.save(update_fields=["state", "timed_out", "finished_at", "score", "grade"])


def attempt_finish(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Close an attempt on what it saved (idempotent: a finished attempt stays as it is)."""
    with transaction.atomic():
        attempt = _locked(attempt.pk)
        if not attempt.is_finished:
            _finish_locked(attempt, now=now or timezone.now())
        return attempt


def attempts_close_overdue(*, now: datetime | None = None) -> int:
    """Finish every attempt whose deadline has passed; the number closed."""
    now = now or timezone.now()
    closed = 0
    overdue = Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, deadline__lte=now
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            attempt = _locked(pk)
            if attempt.is_overdue(now):
                _finish_locked(attempt, now=now)
                closed += 1
    return closed


CLOSING_NOTICE = timedelta(hours=24)


def closing_reminders_send(*, now: datetime | None = None) -> int:
    """Tell every learner with a place in the course that a quiz closes within a day,
    unless they have finished an attempt at it. Never twice for one quiz and person.

    Each reminder is recorded in its own small transaction before the email leaves
    (after commit); the record is unique, so a second run, or two at once, send nothing.
    """
    now = now or timezone.now()
    quizzes = Quiz.objects.filter(
        is_published=True, closes_at__gt=now, closes_at__lte=now + CLOSING_NOTICE
    ).select_related("course")
    sent = 0
    for quiz in quizzes:
        people = (
            User.objects.filter(
                enrolments__edition__course_id=quiz.course_id,
                enrolments__status=Enrolment.Status.APPROVED,
            )
            .exclude(pk__in=ClosingReminder.objects.filter(quiz=quiz).values("user"))
            .exclude(
                pk__in=Attempt.objects.filter(quiz=quiz, state=Attempt.State.FINISHED).values(
                    "user"
                )
            )
            .distinct()
            .order_by("pk")
        )
        for person in people:
            with transaction.atomic():
                _reminder, created = ClosingReminder.objects.get_or_create(quiz=quiz, user=person)
                if created:
                    tell(
                        person,
                        "quizzes/emails/closing_soon",
                        {
                            "user": person,
                            "quiz": quiz,
                            "quiz_url": absolute_url("quizzes:quiz", pk=quiz.pk),
                        },
                        kind="quizzes-closing-soon",
                        url=reverse("quizzes:quiz", kwargs={"pk": quiz.pk}),
                    )
                    sent += 1
    return sent


# --- Manual grading -------------------------------------------------------------------------


def essay_grade(
    *, answer: AttemptAnswer, grader: User, mark: Decimal, comment: str = ""
) -> AttemptAnswer:
    """Grade an essay (or grade it again), recompute the attempt and tell the learner."""
    with transaction.atomic():
        attempt = _locked(answer.attempt_id)
        answer = AttemptAnswer.objects.select_related("question").get(pk=answer.pk)
        if not attempt.is_finished:
            raise Refused(_("Il tentativo non è ancora stato consegnato."))
        if answer.question.type != QuestionType.ESSAY:
            raise Refused(_("Solo le risposte aperte si correggono a mano."))
        if mark is None or mark < 0 or mark > answer.max_mark:
            raise Refused(_("Il punteggio deve essere tra 0 e %(max)s.") % {"max": answer.max_mark})
        answer.mark = mark.quantize(Decimal("0.01"))
        answer.fraction = (mark / answer.max_mark).quantize(Decimal("0.00001"))
        answer.needs_grading = False
        answer.grader = grader
        answer.graded_at = timezone.now()
        answer.grader_comment = comment.strip()
        answer.save(
            update_fields=[
                "mark",
                "fraction",
                "needs_grading",
                "grader",
                "graded_at",
                "grader_comment",
            ]
        )
        answers = list(attempt.answers.all())
        _recompute(attempt, answers)
        attempt.save(update_fields=["score", "grade"])
        tell(
            attempt.user,
            "quizzes/emails/essay_graded",
            {
                "user": attempt.user,
                "quiz": attempt.quiz,
                "attempt": attempt,
                "question": answer.question,
                "review_url": absolute_url("quizzes:review", pk=attempt.pk),
            },
            kind="quizzes-essay-graded",
            url=reverse("quizzes:review", kwargs={"pk": attempt.pk}),
        )
        return answer


# --- The question bank ----------------------------------------------------------------------


def question_create(*, category: QuestionCategory, parsed: ParsedQuestion) -> Question:
    question = Question.objects.create(
        category=category,
        type=parsed.type,
        name=parsed.name[:255],
        text=parsed.text,
        default_mark=parsed.default_mark,
        general_feedback=parsed.general_feedback,
        case_sensitive=parsed.case_sensitive,
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            sort_order=index,
            text=choice.text,
            fraction=choice.fraction,
            feedback=choice.feedback,
            tolerance=choice.tolerance,
            match_answer=choice.match_answer[:255],
        )
        for index, choice in enumerate(parsed.choices)
    )
    return question


def bank_import(
    *, course: Course, questions: list[ParsedQuestion], default_category: str
) -> list[Question]:
    """Create every question (and the categories they name) or, on any failure, nothing."""
    if not questions:
        raise Refused(_("Il file non contiene domande da importare."))
    created = []
    with transaction.atomic():
        categories: dict[str, QuestionCategory] = {}
        for parsed in questions:
            name = (parsed.category or default_category).strip()[:200] or default_category
            if name not in categories:
                categories[name], _new = QuestionCategory.objects.get_or_create(
                    course=course, name=name
                )
            created.append(question_create(category=categories[name], parsed=parsed))
    return created
