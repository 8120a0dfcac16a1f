"""The person's confirmed places with their hours: read by the attendance app itself, or taken
from the enrolments a page of courses has already read with them (courses.hooks.ENROLMENT_FIELDS),
the answer is the same and the second way makes no query."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import AttendanceRecord, AttendanceStatus
from attendance.selectors import confirmed_places
from courses.models import Course, Edition, Enrolment
from courses.selectors import enrolments_in_course, my_enrolments
from website.core.memo import RequestMemoMiddleware

pytestmark = pytest.mark.django_db


def _shape(places):
    return [
        (p.pk, p.edition.course_id, p.attended, p.held, p.total, p.days_attended) for p in places
    ]


@pytest.fixture
def learner(running, make_edition, place, programme):
    person = running["people"][0]
    days = running["days"]
    for day, status, hours in (
        (days[0], AttendanceStatus.PRESENT, Decimal("5")),
        (days[1], AttendanceStatus.LATE, Decimal("3.5")),
        (days[2], AttendanceStatus.EXCUSED, Decimal("0")),
    ):
        AttendanceRecord.objects.create(session=day, user=person, status=status, hours=hours)
    other, cancelled, waiting = (
        Course.objects.create(programme=programme, code=f"UD{n}", title=f"Corso {n}", slug=f"ud{n}")
        for n in (2, 3, 4)
    )
    place(person, make_edition(course=other, starts_in=10))
    place(person, make_edition(course=cancelled, status=Edition.Status.CANCELLED))
    place(person, make_edition(course=waiting), status=Enrolment.Status.WAITLISTED)
    return person


def _in_a_request(read):
    request = RequestFactory().get("/")
    return RequestMemoMiddleware(read)(request)


def test_the_dashboard_s_enrolments_carry_the_places_hours(learner, running):
    today = timezone.localdate()
    own = _shape(confirmed_places(learner, today=today))
    assert own[0][2:] == (Decimal("8.5"), Decimal("15.0"), Decimal("15.0"), 2)
    assert len(own) == 2  # neither the cancelled edition nor the waiting list

    def read(request):
        my_enrolments(learner, today=today)
        with CaptureQueriesContext(connection) as captured:
            places = confirmed_places(learner, today=today)
        return places, len(captured)

    places, queries = _in_a_request(read)
    assert (_shape(places), queries) == (own, 0)


def test_the_course_page_s_enrolments_carry_the_place_in_that_course(learner, running, course):
    today = timezone.localdate()
    own = _shape(confirmed_places(learner, today=today, course_ids=[course.pk]))
    assert [row[1] for row in own] == [course.pk]

    def read(request):
        enrolments_in_course(learner, course, today=today)
        with CaptureQueriesContext(connection) as captured:
            places = confirmed_places(learner, today=today, course_ids=[course.pk])
            elsewhere = confirmed_places(learner, today=today, course_ids=[course.pk + 1])
        return places, elsewhere, len(captured)

    places, elsewhere, queries = _in_a_request(read)
    # The other course's enrolments were not read by the page: those are read apart.
    assert (_shape(places), queries) == (own, 1)
    assert [p.edition.course_id for p in elsewhere] == [course.pk + 1]
