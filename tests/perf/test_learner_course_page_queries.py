"""The signed-in course page and the dashboard of a learner who has done a bit of everything
(a finished quiz attempt, a recorded completion, a SCORM attempt with an SCO's state) make as
many queries with more of each as with one: the shape of the demo's operatore@aula.example."""

import itertools

import pytest
from django.urls import reverse

from demo.package_builder import scorm2004_zip
from learning.models import Activity, ActivityCompletion, Section
from packages import services as package_services
from quizzes import services as quiz_services
from tests.packages.conftest import commit_sco, upload
from tests.quizzes.factories import make_bank, make_quiz

from .helpers import PAGE_CEILING, assert_same_queries

# Both pages read the person's enrolments once, with the attended hours the panels above
# courses need (courses.hooks.ENROLMENT_FIELDS), and a package's attempts with their SCO
# states in one query. The materials come from the cache (resources.selectors.course_rows).

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@pytest.fixture
def grow(course, edition, operator, place, training_manager, settings, tmp_path):
    """grow(): one more of each: a quiz the learner finished, a recorded activity they did,
    and a SCORM package they opened (one SCO's state committed), each an activity of the
    course."""
    settings.MEDIA_ROOT = tmp_path
    place(operator, edition)
    bank = [q for q in make_bank(course, prefix=f"B{next(_numbers)} ") if q.type != "essay"]

    def add():
        n = next(_numbers)
        section = Section.objects.create(course=course, title=f"Sezione {n}")
        quiz = make_quiz(course, bank, title=f"Verifica {n}")
        attempt = quiz_services.attempt_start(quiz=quiz, user=operator)
        quiz_services.attempt_finish(attempt=attempt)
        package = package_services.upload_package(
            course=course, uploaded=upload(f"modulo{n}.zip", scorm2004_zip()), by=training_manager
        )
        commit_sco(package, operator, {"cmi.location": "1", "cmi.completion_status": "completed"})
        done = Activity.objects.create(
            section=section,
            title=f"Link {n}",
            kind="link",
            url="https://example.org/",
            completion="done",
        )
        ActivityCompletion.objects.create(user=operator, activity=done, state="done")
        Activity.objects.create(
            section=section, title=f"Quiz {n}", kind="quiz", quiz=quiz, completion="passed"
        )
        Activity.objects.create(
            section=section,
            title=f"Pacchetto {n}",
            kind="package",
            package=package,
            completion="passed",
            sort_order=2,
        )

    return add


def test_course_page_of_a_learner_with_attempts(client, course, operator, grow):
    grow()
    client.force_login(operator)
    _count, response = assert_same_queries(
        client, course.get_absolute_url(), grow, at_most=PAGE_CEILING
    )
    assert "Verifica" in response.text  # the quizzes panel is drawn, with the attempts


def test_dashboard_of_a_learner_with_attempts(client, operator, grow):
    grow()
    client.force_login(operator)
    assert_same_queries(client, reverse("courses:dashboard"), grow, at_most=PAGE_CEILING)
