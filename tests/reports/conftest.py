"""A small finished plan whose figures are worked out by hand in the tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone
from wagtail import hooks

from attendance.models import AttendanceRecord
from courses.models import Course, Edition, Programme
from tests.courses.factories import add_days

PRESENT, LATE, LEFT, EXC, ABS = "present", "late", "left_early", "excused", "absent"


def mark(session, person, status, hours):
    AttendanceRecord.objects.create(
        session=session, user=person, status=status, hours=Decimal(hours)
    )


@pytest.fixture
def plan(org, make_user, place):
    """Course A: E1 (3 days × 5 h), E2 (2 × 4 h). Course B: E3 (2 × 5 h), E5 ahead (1 × 5 h),
    E4 cancelled. People p1–p6: p1, p2 at Palermo Centro, p3 at Monreale (north), p4, p5 at
    Siracusa (south), p6 with no centre."""
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano misurato",
        slug="piano-misurato",
        region=org["region"],
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=60),
    )
    a = Course.objects.create(
        programme=programme, code="A", title="Corso A", slug="a", sort_order=1
    )
    b = Course.objects.create(
        programme=programme, code="B", title="Corso B", slug="b", sort_order=2
    )

    def edition(course, code, start, days, hours="5", status=Edition.Status.CLOSED, cluster=None):
        start_day = today + timedelta(days=start)
        e = Edition.objects.create(
            course=course,
            code=code,
            cluster=cluster or org["north"],
            venue_name="Aula",
            starts_on=start_day,
            ends_on=start_day + timedelta(days=days - 1),
            status=status,
        )
        add_days(e, start_day, days)
        e.sessions.update(hours=Decimal(hours))
        return e, list(e.sessions.order_by("date"))

    e1, d1 = edition(a, "E1", -60, 3)
    e2, d2 = edition(a, "E2", -50, 2, hours="4", cluster=org["south"])
    e3, d3 = edition(b, "E3", -40, 2)
    e4, _d4 = edition(b, "E4", -30, 2, status=Edition.Status.CANCELLED)
    e5, _d5 = edition(b, "E5", 10, 1, status=Edition.Status.SCHEDULED)
    p1 = make_user(centre=org["pa1"], last_name="Amato")
    p2 = make_user(centre=org["pa1"], last_name="Bruno")
    p3 = make_user(centre=org["pa2"], last_name="Caruso")
    p4 = make_user(centre=org["sr1"], last_name="De Luca")
    p5 = make_user(centre=org["sr1"], last_name="Esposito")
    p6 = make_user(last_name="Ferri")
    for person, editions in {
        p1: [e1, e3],
        p2: [e1],
        p3: [e1, e5],
        p4: [e2, e3],
        p5: [e2],
        p6: [e3],
    }.items():
        for one in editions:
            place(person, one)
    place(make_user(centre=org["pa1"]), e4)  # a cancelled edition never counts
    place(make_user(centre=org["pa1"]), e1, status="withdrawn")
    for day in d1:
        mark(day, p1, PRESENT, 5)
        mark(day, p3, ABS, 0)
    mark(d1[0], p2, LATE, 2)
    mark(d1[1], p2, ABS, 0)
    for day in d2:
        mark(day, p4, PRESENT, 4)
        mark(day, p5, EXC, 0)
    mark(d3[0], p1, PRESENT, 5)
    mark(d3[1], p1, ABS, 0)
    mark(d3[0], p6, LEFT, 4)
    mark(d3[1], p6, PRESENT, 5)
    people = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6}
    return {"programme": programme, "courses": (a, b), "editions": (e1, e2, e3, e4, e5), **people}


@pytest.fixture
def present_means_certified():
    """Certificates for every place with at least one day marked present: a stand-in holder."""

    def holders():
        return AttendanceRecord.objects.filter(status=PRESENT).annotate(
            edition_id=F("session__edition_id")
        )

    with hooks.register_temporarily("aula_certificate_holders", holders):
        yield
