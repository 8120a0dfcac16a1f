"""Attempts: drawing, saving, grading, the server-side deadline, two tabs, attempt limits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from quizzes import grading, services
from quizzes.models import Attempt, AttemptAnswer, QuizRandomRule
from quizzes.selectors import QuizOutcome, combined_grade, quiz_outcomes
from website.core.exceptions import Refused

from .factories import make_bank, make_quiz, right_form

pytestmark = pytest.mark.django_db


def _form(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def test_all_right_scores_full_marks(quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(attempt=attempt, user=learner, data=right_form(attempt), finish=True)
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.grade == Decimal("100.00")
    assert attempt.score == attempt.max_score == Decimal("6")


def test_shuffled_questions_and_answers_still_grade_right(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, shuffle_questions=True, shuffle_answers=True)
    orders = set()
    for seed in range(5):
        attempt = services.attempt_start(quiz=quiz, user=learner, seed=seed)
        orders.add(
            tuple(attempt.answers.order_by("position").values_list("question_id", flat=True))
        )
        services.attempt_save(attempt=attempt, user=learner, data=right_form(attempt), finish=True)
        attempt.refresh_from_db()
        assert attempt.grade == Decimal("100.00")
    assert len(orders) > 1  # the order did change between attempts


def test_order_is_kept_on_the_attempt(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, shuffle_questions=True)
    attempt = services.attempt_start(quiz=quiz, user=learner, seed=3)
    again = services.attempt_start(quiz=quiz, user=learner, seed=99)
    assert again.pk == attempt.pk  # a reload resumes the same attempt


def test_partial_credit_and_penalties(quiz, learner, auto_bank):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    multiple = attempt.answers.get(question__type="multiple")
    choices = {c.text: c.pk for c in multiple.question.choices.all()}
    data = _form(
        shown=[str(multiple.position)],
        **{f"q{multiple.position}": [str(choices["Orientamento"])]},
    )
    services.attempt_save(attempt=attempt, user=learner, data=data, finish=True)
    multiple.refresh_from_db()
    assert multiple.fraction == Decimal("0.5")
    # A wrong tick takes away what the right one earned, never below zero.
    attempt2 = services.attempt_start(quiz=quiz, user=learner)
    multiple2 = attempt2.answers.get(question__type="multiple")
    data = _form(
        shown=[str(multiple2.position)],
        **{
            f"q{multiple2.position}": [
                str(choices["Orientamento"]),
                str(choices["Rilascio passaporti"]),
            ]
        },
    )
    services.attempt_save(attempt=attempt2, user=learner, data=data, finish=True)
    multiple2.refresh_from_db()
    assert multiple2.fraction == Decimal("0")


def test_short_answer_case_rule_and_wildcard(auto_bank):
    short = next(q for q in auto_bank if q.type == "short")
    choices = list(short.choices.all())
    assert grading.grade_response(short, choices, {"text": " cpi "}) == 1
    assert grading.grade_response(short, choices, {"text": "c.p.i."}) == Decimal("0.5")
    short.case_sensitive = True
    assert grading.grade_response(short, choices, {"text": "cpi"}) == 0
    assert grading.short_answer_matches(
        "centr* per l'impiego", "Centri per l'impiego", case_sensitive=False
    )


def test_numeric_tolerance_and_italian_decimals(auto_bank):
    numeric = next(q for q in auto_bank if q.type == "numeric")
    choice = numeric.choices.get()
    choice.text, choice.tolerance = "3.5", Decimal("0.1")
    assert grading.grade_response(numeric, [choice], {"text": "3,45"}) == 1
    assert grading.grade_response(numeric, [choice], {"text": "3,7"}) == 0
    assert grading.parse_number("1.234,5") == Decimal("1234.5")
    assert grading.parse_number("abc") is None


def test_matching_partial(quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    matching = attempt.answers.get(question__type="matching")
    prompts = {c.text: c for c in matching.question.choices.all() if c.text}
    right = prompts["D.lgs. 150"]
    wrong = prompts["D.l. 185"]
    data = _form(
        shown=[str(matching.position)],
        **{
            f"q{matching.position}-{right.pk}": str(matching.option_order.index("2015") + 1),
            f"q{matching.position}-{wrong.pk}": str(matching.option_order.index("1990") + 1),
        },
    )
    services.attempt_save(attempt=attempt, user=learner, data=data, finish=True)
    matching.refresh_from_db()
    assert matching.fraction == Decimal("0.5")


def test_malformed_answers_change_nothing(quiz, learner, bank):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    single = attempt.answers.get(question__type="single")
    foreign = bank[1].choices.first()  # a choice of another question
    for data in (
        _form(shown=[str(single.position)], **{f"q{single.position}": str(foreign.pk)}),
        _form(shown=[str(single.position)], **{f"q{single.position}": "xyz"}),
        _form(shown=["99"]),
    ):
        with pytest.raises(Refused):
            services.attempt_save(attempt=attempt, user=learner, data=data)
    numeric = attempt.answers.get(question__type="numeric")
    with pytest.raises(Refused):
        services.attempt_save(
            attempt=attempt,
            user=learner,
            data=_form(shown=[str(numeric.position)], **{f"q{numeric.position}": "quaranta"}),
        )
    assert not AttemptAnswer.objects.filter(attempt=attempt, saved_at__isnull=False).exists()


# --- The time limit -----------------------------------------------------------------------


def test_deadline_is_computed_on_the_server(course, auto_bank, learner):
    closes = timezone.now() + timedelta(minutes=10)
    quiz = make_quiz(course, auto_bank, time_limit_minutes=30, closes_at=closes)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    assert attempt.deadline == closes  # the earlier of the limit and the closing time
    quiz2 = make_quiz(course, auto_bank, time_limit_minutes=30, title="Altro")
    attempt2 = services.attempt_start(quiz=quiz2, user=learner)
    assert attempt2.deadline == attempt2.started_at + timedelta(minutes=30)


def test_submission_after_the_limit_is_graded_on_what_was_saved_in_time(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, time_limit_minutes=10)
    start = timezone.now()
    attempt = services.attempt_start(quiz=quiz, user=learner, now=start)
    data = right_form(attempt)
    single = attempt.answers.get(question__type="single")
    in_time = _form(
        shown=[str(single.position)], **{f"q{single.position}": data[f"q{single.position}"]}
    )
    services.attempt_save(
        attempt=attempt, user=learner, data=in_time, now=start + timedelta(minutes=5)
    )
    # Everything right, but one second late: nothing of it is saved.
    outcome = services.attempt_save(
        attempt=attempt,
        user=learner,
        data=data,
        finish=True,
        now=start + timedelta(minutes=10, seconds=1),
    )
    assert outcome.finished and not outcome.saved
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.timed_out
    assert attempt.finished_at == attempt.deadline
    assert attempt.score == Decimal("1")  # only the single-choice answer saved in time
    with pytest.raises(Refused):
        services.attempt_save(
            attempt=attempt, user=learner, data=data, now=start + timedelta(minutes=11)
        )


def test_an_attempt_left_open_is_closed_by_the_periodic_job(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, time_limit_minutes=5)
    start = timezone.now() - timedelta(minutes=30)
    attempt = services.attempt_start(quiz=quiz, user=learner, now=start)
    untimed = make_quiz(course, auto_bank, title="Senza limite")
    open_one = services.attempt_start(quiz=untimed, user=learner)
    assert services.attempts_close_overdue() == 1
    attempt.refresh_from_db()
    open_one.refresh_from_db()
    assert attempt.is_finished and attempt.timed_out and attempt.grade == 0
    assert not open_one.is_finished
    assert services.attempts_close_overdue() == 0  # idempotent


def test_the_periodic_job_is_registered():
    from website.core.periodic import registered_jobs

    assert "quizzes.periodic.close_overdue_attempts" in registered_jobs()


def test_two_tabs_last_save_before_the_deadline_wins(quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    short = attempt.answers.get(question__type="short")
    tab_a = Attempt.objects.get(pk=attempt.pk)
    tab_b = Attempt.objects.get(pk=attempt.pk)
    services.attempt_save(
        attempt=tab_a,
        user=learner,
        data=_form(shown=[str(short.position)], **{f"q{short.position}": "prima"}),
    )
    services.attempt_save(
        attempt=tab_b,
        user=learner,
        data=_form(shown=[str(short.position)], **{f"q{short.position}": "CPI"}),
    )
    short.refresh_from_db()
    assert short.response == {"text": "CPI"}
    services.attempt_save(attempt=tab_b, user=learner, data=_form(), finish=True)
    with pytest.raises(Refused):  # the other tab cannot change a finished attempt
        services.attempt_save(
            attempt=tab_a,
            user=learner,
            data=_form(shown=[str(short.position)], **{f"q{short.position}": "x"}),
        )
    short.refresh_from_db()
    assert short.response == {"text": "CPI"}


def test_attempts_limit(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, attempts_allowed=2)
    for _ in range(2):
        attempt = services.attempt_start(quiz=quiz, user=learner)
        services.attempt_finish(attempt=attempt)
    with pytest.raises(Refused):
        services.attempt_start(quiz=quiz, user=learner)
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_closed_unpublished_or_not_yet_open_quizzes_refuse_to_start(course, auto_bank, learner):
    now = timezone.now()
    for settings in (
        {"is_published": False},
        {"opens_at": now + timedelta(days=1)},
        {"opens_at": now - timedelta(days=2), "closes_at": now - timedelta(days=1)},
    ):
        quiz = make_quiz(course, auto_bank, **settings)
        with pytest.raises(Refused):
            services.attempt_start(quiz=quiz, user=learner)


def test_random_questions_per_category(course, learner):
    make_bank(course, name="A", prefix="A ")
    questions = make_bank(course, name="B", prefix="B ")
    quiz = make_quiz(course, [], title="Casuale")
    QuizRandomRule.objects.create(quiz=quiz, category=questions[0].category, count=3)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    drawn = list(attempt.answers.values_list("question__category__name", flat=True))
    assert drawn == ["B", "B", "B"]
    rule = quiz.random_rules.get()
    rule.count = 50
    rule.save()
    services.attempt_finish(attempt=attempt)
    with pytest.raises(Refused):
        services.attempt_start(quiz=quiz, user=learner)


# --- Grades and outcomes ------------------------------------------------------------------


def test_grading_methods():
    grades = [Decimal("40"), Decimal("90"), Decimal("50")]
    assert combined_grade(grades, "highest") == Decimal("90")
    assert combined_grade(grades, "last") == Decimal("50")
    assert combined_grade(grades, "average") == Decimal("60.00")
    assert combined_grade([Decimal("40"), None], "last") is None
    assert combined_grade([Decimal("40"), None], "highest") == Decimal("40")


def test_quiz_outcomes_and_essay_grading(course, bank, learner, other_learner, teacher, mailoutbox):
    quiz = make_quiz(course, bank, pass_mark=Decimal("80"))
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt, user=learner, data=right_form(attempt, skip=()), finish=True
    )
    attempt.refresh_from_db()
    assert attempt.grade is None  # the essay waits for a teacher
    outcomes = quiz_outcomes(quiz_ids=[quiz.pk], user_ids=[learner.pk, other_learner.pk])
    assert outcomes == {
        (quiz.pk, learner.pk): QuizOutcome(submitted=True, passed=False, grade=None, attempts=1)
    }
    essay = attempt.answers.get(question__type="essay")
    assert essay.needs_grading
    with pytest.raises(Refused):
        services.essay_grade(answer=essay, grader=teacher, mark=Decimal("3"))
    services.essay_grade(answer=essay, grader=teacher, mark=Decimal("1"), comment="Buona")
    attempt.refresh_from_db()
    assert attempt.score == Decimal("7") and attempt.grade == Decimal("87.50")
    outcome = quiz_outcomes(quiz_ids=[quiz.pk], user_ids=[learner.pk])[(quiz.pk, learner.pk)]
    assert outcome.passed and outcome.grade == Decimal("87.50")
    assert learner.notifications.filter(kind="quizzes-essay-graded").exists()


def test_quiz_outcomes_makes_one_query(quiz, learner, other_learner, django_assert_num_queries):
    for user in (learner, other_learner):
        attempt = services.attempt_start(quiz=quiz, user=user)
        services.attempt_finish(attempt=attempt)
    with django_assert_num_queries(1):
        outcomes = quiz_outcomes(quiz_ids=[quiz.pk], user_ids=[learner.pk, other_learner.pk])
    assert len(outcomes) == 2 and not any(o.passed for o in outcomes.values())


def test_closing_reminders_go_once_to_who_has_not_finished(
    course, auto_bank, learner, other_learner, committed, mailoutbox
):
    quiz = make_quiz(course, auto_bank, closes_at=timezone.now() + timedelta(hours=5))
    make_quiz(course, auto_bank, title="Lontano", closes_at=timezone.now() + timedelta(days=5))
    done = services.attempt_start(quiz=quiz, user=other_learner)
    services.attempt_finish(attempt=done)
    with committed():
        assert services.closing_reminders_send() == 1
    assert services.closing_reminders_send() == 0
    assert [message.to for message in mailoutbox] == [[learner.email]]
    assert "chiude presto" in mailoutbox[0].subject
    assert learner.notifications.filter(kind="quizzes-closing-soon").exists()
