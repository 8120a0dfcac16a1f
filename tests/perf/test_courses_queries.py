"""The catalogue, a course page and the dashboard make as many queries with 1 edition as with 20."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course, Edition, Enrolment, Programme
from tests.courses.factories import add_days
from tests.perf.helpers import PAGE_CEILING, assert_same_queries
from website.accounts.roles import Role

_numbers = itertools.count(1)

# Issue 19 asks for PAGE_CEILING. The course page gets there with the person's place read
# once and the course's rule, quizzes and packages from the cache; the dashboard makes 7 of
# its own (the person, enrolments, next days, confirmed places with hours, forums, materials,
# surveys: roles, events, certificates and activities come from the cache) and 2 for the
# training record's panel (every source of hours in one query, and the editions to suggest).
COURSE_PAGE_LOGGED_IN = PAGE_CEILING
DASHBOARD = PAGE_CEILING
CALENDAR = PAGE_CEILING


@pytest.fixture
def programme(org):
    today = timezone.localdate()
    return Programme.objects.create(
        title="Piano", slug="piano", region=org["region"], starts_on=today, ends_on=today
    )


@pytest.fixture
def add_edition(org, make_user):
    """An edition with two teachers, three days (one online) and some places."""

    def add(course, *, people=(), confirmed=3, waiting=1):
        number = next(_numbers)
        start = timezone.localdate() + timedelta(days=10 + number)
        edition = Edition.objects.create(
            course=course,
            code=f"PERF-{number}",
            cluster=org["north"] if number % 2 else org["south"],
            capacity=confirmed + len(people),
            starts_on=start,
            ends_on=start + timedelta(days=2),
        )
        edition.teachers.add(
            make_user(role=Role.TEACHER), make_user(role=Role.TEACHER, centre=org["pa1"])
        )
        add_days(edition, start, 3, online={2}, meeting_url="https://meet.example.org/x")
        for person in [*people, *(make_user(centre=org["pa2"]) for _ in range(confirmed))]:
            Enrolment.objects.create(user=person, edition=edition, status="approved")
        for _ in range(waiting):
            Enrolment.objects.create(
                user=make_user(), edition=edition, status="waitlisted", waitlisted_at=timezone.now()
            )
        return edition

    return add


def new_course(programme):
    number = next(_numbers)
    return Course.objects.create(
        programme=programme, code=f"UD{number}", title=f"Corso {number}", slug=f"corso-{number}"
    )


def test_catalogue(client, programme, add_edition, operator):
    add_edition(new_course(programme))

    def grow():
        for _ in range(4):
            course = new_course(programme)
            for _ in range(3):
                add_edition(course)

    client.force_login(operator)
    assert_same_queries(client, "/corsi/", grow, at_most=PAGE_CEILING)
    assert_same_queries(client, "/corsi/?open=on&mode=online", grow, at_most=PAGE_CEILING)


def test_course_page(client, programme, add_edition, operator):
    course = new_course(programme)
    add_edition(course, people=[operator])
    client.force_login(operator)
    assert_same_queries(
        client,
        course.get_absolute_url(),
        lambda: [add_edition(course) for _ in range(5)],
        at_most=COURSE_PAGE_LOGGED_IN,
        writes_nothing=True,
    )


def test_course_page_for_anonymous_visitors(client, programme, add_edition):
    course = new_course(programme)
    add_edition(course)
    assert_same_queries(
        client,
        course.get_absolute_url(),
        lambda: [add_edition(course) for _ in range(5)],
        at_most=PAGE_CEILING,
    )


def _register_for_events(person, count):
    from tests.cms.factories import make_event
    from website.cms.services import event_registration_create

    for offset in range(count):
        event_registration_create(event=make_event(days_from_now=3 + offset), user=person)


def test_dashboard(client, programme, add_edition, operator, make_user):
    add_edition(new_course(programme), people=[operator])
    _register_for_events(operator, 1)

    def grow():
        for _ in range(5):
            add_edition(new_course(programme), people=[operator])
        taught = add_edition(new_course(programme))
        taught.teachers.add(operator)
        _register_for_events(operator, 3)

    client.force_login(operator)
    assert_same_queries(client, "/la-mia-formazione/", grow, at_most=DASHBOARD, writes_nothing=True)


def test_my_calendar(client, programme, add_edition, operator):
    """The month view: the person's days and events in a fixed number of queries."""
    add_edition(new_course(programme), people=[operator])
    _register_for_events(operator, 1)
    month = (timezone.localdate() + timedelta(days=12)).strftime("%Y-%m")

    def grow():
        for _ in range(4):
            add_edition(new_course(programme), people=[operator])
        taught = add_edition(new_course(programme))
        taught.teachers.add(operator)
        _register_for_events(operator, 3)

    client.force_login(operator)
    url = f"/la-mia-formazione/calendario/?mese={month}"
    assert_same_queries(client, url, grow, at_most=CALENDAR)


def test_teaching_pages(client, programme, add_edition, make_user):
    teacher = make_user(role=Role.TEACHER)
    taught = add_edition(new_course(programme))
    taught.teachers.add(teacher)

    def more_editions():
        for _ in range(4):
            add_edition(new_course(programme)).teachers.add(teacher)

    def more_participants():
        for _ in range(10):
            Enrolment.objects.create(user=make_user(), edition=taught, status="approved")
        for _ in range(3):
            Enrolment.objects.create(
                user=make_user(), edition=taught, status="waitlisted", waitlisted_at=timezone.now()
            )

    client.force_login(teacher)
    assert_same_queries(client, "/la-mia-formazione/docenze/", more_editions)
    assert_same_queries(client, f"/la-mia-formazione/docenze/{taught.code}/", more_participants)


def test_staff_training_pages(
    client, programme, add_edition, centre_manager, cluster_lead, org, make_user
):
    def centre_staff():
        return [make_user(centre=org["pa1"]) for _ in range(3)]

    add_edition(new_course(programme), people=centre_staff())

    def grow():
        for _ in range(4):
            add_edition(new_course(programme), people=centre_staff())

    client.force_login(centre_manager)
    assert_same_queries(client, f"/la-mia-formazione/personale/centri/{org['pa1'].code}/", grow)
    client.force_login(cluster_lead)
    assert_same_queries(client, f"/la-mia-formazione/personale/cluster/{org['north'].code}/", grow)


def test_admin_edition_enrolments(client, programme, add_edition, training_manager, make_user):
    edition = add_edition(new_course(programme))

    def grow():
        for _ in range(10):
            Enrolment.objects.create(user=make_user(), edition=edition, status="requested")
        for _ in range(10):
            Enrolment.objects.create(user=make_user(), edition=edition, status="approved")

    client.force_login(training_manager)
    assert_same_queries(client, f"/admin/formazione/edizioni/iscrizioni/{edition.pk}/", grow)
    assert_same_queries(client, "/admin/formazione/iscrizioni/", grow)
