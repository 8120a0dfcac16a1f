"""Two tabs on one attempt, a start racing a start, a save racing the periodic close
(real threads on PostgreSQL; SQLite writes one transaction at a time)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt
from tests.courses.test_concurrency import in_parallel

from .factories import make_quiz, right_form

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_starts_at_once_make_one_attempt(quiz, learner):
    results = in_parallel(
        [lambda: services.attempt_start(quiz=quiz, user=learner) for _ in range(3)]
    )
    assert all(isinstance(result, Attempt) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1


def test_two_tabs_finishing_at_once_grade_once(quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    data = right_form(attempt)
    results = in_parallel(
        [
            lambda: services.attempt_save(attempt=attempt, user=learner, data=data, finish=True)
            for _ in range(2)
        ]
    )
    attempt.refresh_from_db()
    assert attempt.is_finished
    # One tab finished it; the other was refused, changing nothing.
    assert sum(1 for result in results if not isinstance(result, Exception)) == 1, results


def test_a_save_racing_the_periodic_close(course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, time_limit_minutes=1)
    attempt = services.attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - timedelta(minutes=2)
    )
    data = right_form(attempt)
    in_parallel(
        [
            lambda: services.attempt_save(attempt=attempt, user=learner, data=data),
            services.attempts_close_overdue,
        ]
    )
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.timed_out and attempt.score == 0
