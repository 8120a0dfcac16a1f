"""A quiz as an activity: completion read from the quiz's outcomes, the quiz opening with it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from learning.models import Section
from learning.selectors import completed_pairs
from quizzes import services as quiz_services
from tests.quizzes.factories import make_bank, make_quiz, right_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(course):
    questions = [q for q in make_bank(course) if q.type in ("single", "truefalse")]
    return make_quiz(course, questions, pass_mark=60)


@pytest.fixture
def section(course):
    return Section.objects.create(course=course, title="Dopo l'aula", sort_order=0)


def finish(quiz, user, *, right):
    attempt = quiz_services.attempt_start(quiz=quiz, user=user)
    data = right_form(attempt) if right else QueryDict()
    quiz_services.attempt_save(attempt=attempt, user=user, data=data, finish=True)


@pytest.mark.parametrize(
    ("rule", "right", "complete"),
    [("passed", True, True), ("passed", False, False), ("submitted", False, True)],
)
def test_a_quiz_activity_is_complete_by_its_rule(
    make_activity, section, quiz, learner, rule, right, complete
):
    activity = make_activity(section, kind="quiz", quiz=quiz, completion=rule)
    assert completed_pairs([activity], [learner.pk]) == set()
    finish(quiz, learner, right=right)
    assert ((activity.pk, learner.pk) in completed_pairs([activity], [learner.pk])) is complete


def test_a_quiz_of_another_course_is_refused(make_activity, section, programme):
    other_course = Course.objects.create(
        programme=programme, code="UD9", title="Altra unità", slug="ud9-altra"
    )
    other = make_quiz(other_course, [q for q in make_bank(other_course) if q.type == "single"])
    with pytest.raises(ValidationError) as refused:
        make_activity(section, kind="quiz", quiz=other)
    assert "Il quiz appartiene a un altro corso." in refused.value.message_dict["quiz"]


def test_the_quiz_stays_closed_while_its_activity_is(client, make_activity, section, quiz, learner):
    make_activity(
        section,
        kind="quiz",
        quiz=quiz,
        completion="passed",
        opens_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(learner)
    page = client.get(reverse("quizzes:quiz", kwargs={"pk": quiz.pk}))
    assert page.status_code == 200
    assert "non è ancora disponibile" in page.content.decode()
    started = client.post(reverse("quizzes:start", kwargs={"pk": quiz.pk}))
    assert quiz.attempts.count() == 0
    assert started.status_code in (200, 302)
