"""A register's changes queue up: parallel marks never lose a step of the history."""

import itertools
import time as pause
from datetime import datetime, time

import pytest
from django.utils import timezone

from attendance import checkin, services
from attendance.models import AttendanceChange, AttendanceRecord
from tests.courses.test_concurrency import in_parallel
from website.accounts.roles import Role
from website.core.exceptions import Refused


def test_a_mark_and_its_history_are_written_together_or_not_at_all(
    running, teacher, monkeypatch, db
):
    person = running["people"][0]
    services.record_mark(session=running["today"], participant=person, status="present", by=teacher)

    def broken(*args, **kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(AttendanceChange.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.record_mark(
            session=running["today"], participant=person, status="absent", by=teacher
        )
    assert AttendanceRecord.objects.get(user=person).status == "present"
    assert AttendanceChange.objects.count() == 1


@pytest.mark.postgres
def test_parallel_corrections_of_one_mark_chain_in_the_history(
    running, teacher, make_user, transactional_db
):
    other = make_user(role=Role.TEACHER)
    running["edition"].teachers.add(other)
    person, day = running["people"][0], running["today"]
    marks = [("present", None), ("late", "1"), ("late", "2"), ("left_early", "3"), ("late", "4")]
    results = in_parallel(
        [
            lambda status=status, hours=hours, by=by: services.record_mark(
                session=day, participant=person, status=status, hours=hours, by=by
            )
            for (status, hours), by in zip(marks, [teacher, other] * 3, strict=False)
        ]
    )
    assert all(isinstance(result, AttendanceRecord) for result in results), results
    assert AttendanceRecord.objects.filter(user=person).count() == 1
    changes = list(AttendanceChange.objects.filter(participant=person).order_by("pk"))
    assert len(changes) == 5
    assert changes[0].previous_status == ""
    for before, after in itertools.pairwise(changes):
        assert (after.previous_status, after.previous_hours) == (before.status, before.hours)
    record = AttendanceRecord.objects.get(user=person)
    assert (record.status, record.hours) == (changes[-1].status, changes[-1].hours)


# --- Self check-in: a classroom at once ------------------------------------------------


@pytest.fixture
def classroom(running, make_user, place, org):
    """The running edition with self check-in on and ten learners; the code of 9:10 today."""
    edition = running["edition"]
    edition.self_checkin_enabled = True
    edition.save(update_fields=["self_checkin_enabled"])
    people = running["people"] + [
        make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(7)
    ]
    for person in people[3:]:
        place(person, edition)
    day = running["today"]
    now = timezone.make_aware(datetime.combine(day.date, time(9, 10)))
    return {"day": day, "people": people, "now": now, "code": checkin.current_code(day, now)}


def _check_in(classroom, person):
    return lambda: services.attendance_check_in(
        session=classroom["day"], user=person, code=classroom["code"], now=classroom["now"]
    )


@pytest.mark.postgres
def test_a_classroom_checks_in_at_the_same_instant(classroom, transactional_db):
    results = in_parallel([_check_in(classroom, person) for person in classroom["people"]])
    assert all(isinstance(result, AttendanceRecord) for result in results), results
    for person in classroom["people"]:
        assert AttendanceRecord.objects.get(user=person).status == "present"
        assert AttendanceChange.objects.get(participant=person).source == "checkin"


@pytest.mark.postgres
def test_a_check_in_sent_four_times_at_once_is_written_once(classroom, transactional_db):
    person = classroom["people"][0]
    results = in_parallel([_check_in(classroom, person) for _ in range(4)])
    written = [result for result in results if isinstance(result, AttendanceRecord)]
    refused = [result for result in results if isinstance(result, Refused)]
    assert (len(written), len(refused)) == (1, 3), results
    assert all("già nel registro: presente" in refusal.message for refusal in refused)
    assert AttendanceRecord.objects.filter(user=person).count() == 1
    assert AttendanceChange.objects.filter(participant=person).count() == 1


@pytest.mark.postgres
def test_the_teacher_marking_the_day_waits_for_a_check_in_under_way(
    classroom, teacher, monkeypatch, transactional_db
):
    """Check-ins share the edition's lock; the teacher's marks take it alone and wait."""
    person = classroom["people"][0]
    check_code = checkin.check_code

    def slow_check_code(*args):  # the check-in holds its lock while the teacher arrives
        pause.sleep(0.5)
        return check_code(*args)

    monkeypatch.setattr(checkin, "check_code", slow_check_code)

    def all_present_a_little_later():
        pause.sleep(0.2)
        return services.day_mark_all_present(session=classroom["day"], by=teacher)

    results = in_parallel([_check_in(classroom, person), all_present_a_little_later])
    assert isinstance(results[0], AttendanceRecord), results
    assert results[1] == len(classroom["people"]) - 1, results
    assert AttendanceRecord.objects.get(user=person).source == "checkin"
    assert AttendanceRecord.objects.count() == AttendanceChange.objects.count() == 10
