"""The online part's pages make as many queries for many activities and people as for few."""

import itertools

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Activity, ActivityCompletion, Lesson, Section
from learning.wagtail_hooks import course_activities_panel, dashboard_progress_panel
from tests.perf.helpers import PAGE_CEILING, assert_same_queries

pytestmark = pytest.mark.django_db

LIMIT = 10
_numbers = itertools.count(1)


@pytest.fixture
def grow(course, edition, make_user, org):
    """grow(people=n, activities=n): more activities of every kind and more people, with
    completions recorded for each, a prerequisite and an attendance share on each activity."""

    def add(*, people=0, activities=0):
        section = Section.objects.create(course=course, title=f"Sezione {next(_numbers)}")
        lesson = Lesson.objects.create(course=course, title=f"Lezione {next(_numbers)}")
        previous = Activity.objects.filter(section__course=course).last()
        made = []
        for index in range(activities):
            kind = ("page", "link", "forum", "video")[index % 4]
            fields = {
                "page": {"lesson": lesson},
                "link": {"url": "https://example.org/", "completion": "done"},
                "forum": {"min_attendance_share": 10},
                "video": {"url": "https://youtu.be/dQw4w9WgXcQ", "transcript": "Testo"},
            }[kind]
            previous = Activity.objects.create(
                section=section,
                title=f"Attività {next(_numbers)}",
                kind=kind,
                sort_order=index,
                prerequisite=previous,
                opens_relative_to="first_day",
                opens_offset_days=-60,
                **fields,
            )
            made.append(previous)
        for _ in range(people):
            person = make_user(centre=org["pa1"])
            edition.enrolments.create(user=person, status="approved")
        learners = [e.user_id for e in edition.enrolments.all()]
        ActivityCompletion.objects.bulk_create(
            [
                ActivityCompletion(user_id=user_id, activity=activity, state="done")
                for activity in Activity.objects.filter(section__course=course)
                for user_id in learners
                if not ActivityCompletion.objects.filter(
                    user_id=user_id, activity=activity
                ).exists()
            ]
        )
        return made

    return add


@pytest.fixture
def learner(operator, edition, place):
    place(operator, edition)
    return operator


def panel_queries(panel, user, *args) -> int:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        panel(request, *args)
    return len(captured.captured_queries)


def test_course_page_and_its_panel(client, course, learner, grow):
    grow(activities=4)
    client.force_login(learner)
    assert_same_queries(
        client,
        course.get_absolute_url(),
        lambda: grow(people=3, activities=8),
        at_most=PAGE_CEILING,
    )
    assert panel_queries(course_activities_panel, learner, course) <= 4


def test_dashboard_and_its_panel(client, learner, grow):
    grow(activities=4)
    client.force_login(learner)
    assert_same_queries(client, reverse("courses:dashboard"), lambda: grow(activities=8))
    assert panel_queries(dashboard_progress_panel, learner) <= 4


def test_activity_page(client, learner, grow):
    first = grow(activities=4)[0]
    client.force_login(learner)
    url = reverse("learning:activity", args=[first.pk])
    assert_same_queries(client, url, lambda: grow(people=3, activities=8), at_most=PAGE_CEILING)


def test_completion_matrix(client, edition, teacher, grow):
    edition.teachers.add(teacher)
    grow(people=2, activities=4)
    client.force_login(teacher)
    url = reverse("learning:matrix", args=[edition.code])
    count, response = assert_same_queries(client, url, lambda: grow(people=10, activities=8))
    assert count <= LIMIT
    assert response.text.count("<tr>") == 1 + 12  # the header and every person
    export = reverse("learning:matrix_export", args=[edition.code, "xlsx"])
    count, _response = assert_same_queries(client, export, lambda: grow(people=5, activities=4))
    assert count <= LIMIT
