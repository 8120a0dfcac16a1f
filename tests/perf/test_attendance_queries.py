"""The register and the reports make as many queries for a big edition or plan as for a small one."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance import checkin
from attendance.models import AttendanceChange, AttendanceRecord
from courses.models import Course, Edition, Enrolment, Programme
from tests.courses.factories import add_days
from tests.perf.helpers import assert_same_queries

_numbers = itertools.count(1)


@pytest.fixture
def plan(org):
    today = timezone.localdate()
    return Programme.objects.create(
        title="Piano", slug="piano", region=org["region"], starts_on=today, ends_on=today
    )


@pytest.fixture
def grow_edition(make_user, org, teacher):
    """grow_edition(edition, people=n, days=n): more people and days, every cell marked."""

    def grow(edition, *, people, days):
        start = edition.sessions.order_by("-date").first().date + timedelta(days=1)
        add_days(edition, start, days)
        centre = org["pa1"] if edition.pk % 2 else org["sr1"]
        for _ in range(people):
            Enrolment.objects.create(
                user=make_user(centre=centre), edition=edition, status="approved"
            )
        records, changes = [], []
        marked = set(AttendanceRecord.objects.values_list("session_id", "user_id"))
        for session in edition.sessions.all():
            for enrolment in edition.enrolments.all():
                if (session.pk, enrolment.user_id) in marked:
                    continue
                records.append(
                    AttendanceRecord(
                        session=session, user_id=enrolment.user_id, status="late", hours=3
                    )
                )
                changes.append(
                    AttendanceChange(
                        session=session,
                        participant_id=enrolment.user_id,
                        changed_by=teacher,
                        status="late",
                        hours=Decimal("3"),
                    )
                )
        AttendanceRecord.objects.bulk_create(records)
        AttendanceChange.objects.bulk_create(changes)

    return grow


@pytest.fixture
def new_edition(org, teacher):
    def make(course, *, starts_in=-30):
        number = next(_numbers)
        start = timezone.localdate() + timedelta(days=starts_in)
        edition = Edition.objects.create(
            course=course,
            code=f"PERF-{number}",
            cluster=org["north"] if number % 2 else org["south"],
            starts_on=start,
            ends_on=start + timedelta(days=20),
            status=Edition.Status.CLOSED,
        )
        edition.teachers.add(teacher)
        add_days(edition, start, 1)
        return edition

    return make


def new_course(programme):
    number = next(_numbers)
    return Course.objects.create(
        programme=programme, code=f"UD{number}", title=f"Corso {number}", slug=f"corso-{number}"
    )


def test_the_grid_of_30_people_by_9_days(client, plan, new_edition, grow_edition, teacher):
    edition = new_edition(new_course(plan))
    grow_edition(edition, people=3, days=1)
    client.force_login(teacher)
    assert_same_queries(
        client,
        f"/presenze/{edition.code}/",
        lambda: grow_edition(edition, people=27, days=7),
    )
    assert edition.sessions.count() == 9 and edition.enrolments.count() == 30


def test_a_day_and_the_history(client, plan, new_edition, grow_edition, teacher):
    edition = new_edition(new_course(plan))
    grow_edition(edition, people=3, days=1)
    day = edition.sessions.order_by("date").first()
    client.force_login(teacher)
    for url in (
        f"/presenze/{edition.code}/giornate/{day.pk}/",
        f"/presenze/{edition.code}/storico/",
    ):
        assert_same_queries(client, url, lambda: grow_edition(edition, people=10, days=2))


def test_the_printable_register_and_its_exports(
    client, plan, new_edition, grow_edition, training_manager
):
    edition = new_edition(new_course(plan))
    grow_edition(edition, people=3, days=1)
    client.force_login(training_manager)
    for suffix in ("registro/", "registro.csv", "registro.xlsx"):
        assert_same_queries(
            client,
            f"/report/edizioni/{edition.code}/{suffix}",
            lambda: grow_edition(edition, people=10, days=3),
        )


def test_the_programme_report_whatever_the_number_of_editions(
    client, plan, new_edition, grow_edition, training_manager
):
    course = new_course(plan)
    grow_edition(new_edition(course), people=2, days=1)

    def grow():
        for _ in range(3):
            more = new_course(plan)
            for _ in range(3):
                grow_edition(new_edition(more), people=3, days=1)

    client.force_login(training_manager)
    assert_same_queries(client, f"/report/piani/{plan.slug}/", grow)


def test_participation_and_records(client, plan, new_edition, grow_edition, training_manager, org):
    course = new_course(plan)
    edition = new_edition(course)
    grow_edition(edition, people=2, days=1)
    person = edition.enrolments.first().user

    def grow():
        for _ in range(4):
            grow_edition(new_edition(course), people=3, days=2)
        for _ in range(3):
            other = new_edition(new_course(plan))
            Enrolment.objects.create(user=person, edition=other, status="approved")
            grow_edition(other, people=2, days=1)

    client.force_login(training_manager)
    for url in (
        "/report/cluster/",
        "/report/centri/",
        f"/report/centri/{org['pa1'].code}/",
        f"/report/persone/{person.pk}/",
        "/presenze/",
    ):
        assert_same_queries(client, url, grow)


def test_the_dashboard_panel(client, plan, new_edition, grow_edition):
    """The same count whatever the number of places and of days today; the days to check in
    to and the registers to keep today cost one query, and none when the person has no day
    today (the page has read their days today with their next ones)."""
    course = new_course(plan)
    edition = new_edition(course, starts_in=-3)  # two days, held before today
    grow_edition(edition, people=1, days=1)
    person = edition.enrolments.first().user

    def add_a_day_today():
        other = new_edition(new_course(plan), starts_in=0)
        other.self_checkin_enabled = True
        other.status = Edition.Status.SCHEDULED
        other.save()
        Enrolment.objects.create(user=person, edition=other, status="approved")
        grow_edition(other, people=2, days=2)
        other.teachers.add(person)

    client.force_login(person)
    no_day_today, _ = assert_same_queries(client, "/la-mia-formazione/", lambda: None)
    add_a_day_today()
    with_days_today, response = assert_same_queries(
        client,
        "/la-mia-formazione/",
        lambda: [add_a_day_today() for _ in range(3)],
        writes_nothing=True,
    )
    assert with_days_today == no_day_today + 1
    page = response.content.decode()
    assert "Presenza registrata alle" in page
    assert "Le giornate di oggi delle edizioni in cui insegni" in page


def test_a_self_check_in_whatever_the_size_of_the_classroom(
    client, plan, new_edition, grow_edition, make_user, org
):
    """The form: the person, the day with its edition and the place. Sending the code:
    those, then the edition's shared lock (PostgreSQL only), the day's state, the record
    and its change. Equal in a classroom of 4 as in one of 42, every day marked."""
    edition = new_edition(new_course(plan), starts_in=0)
    edition.status, edition.self_checkin_enabled = Edition.Status.SCHEDULED, True
    edition.save(update_fields=["status", "self_checkin_enabled"])
    grow_edition(edition, people=3, days=3)  # every cell marked, today's day among them
    today = edition.sessions.get(date=timezone.localdate())
    lock = 1 if connection.features.has_select_for_update else 0
    counted = []
    for grow_by in (0, 37):
        grow_edition(edition, people=grow_by, days=0)
        person = make_user(centre=org["pa1"])
        Enrolment.objects.create(user=person, edition=edition, status="approved")
        client.force_login(person)
        url = f"/presenze/check-in/{today.pk}/"
        with time_machine.travel(timezone.localtime().replace(hour=9, minute=10), tick=False):
            code = checkin.current_code(today, timezone.now())
            client.get(url)  # warms the per-process caches
            with CaptureQueriesContext(connection) as form:
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as sent:
                assert client.post(url, {"code": code}).status_code == 302
        # Savepoints are the test's own transaction around the service's; not counted.
        queries = [q["sql"] for q in sent.captured_queries if "SAVEPOINT" not in q["sql"]]
        counted.append((len(form.captured_queries), len(queries)))
        assert AttendanceRecord.objects.get(session=today, user=person).source == "checkin"
    assert counted == [(2, 5 + lock)] * 2, counted
