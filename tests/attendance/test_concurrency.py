"""A register's changes queue up: parallel marks never lose a step of the history."""

import itertools

import pytest

from attendance import services
from attendance.models import AttendanceChange, AttendanceRecord
from tests.courses.test_concurrency import in_parallel
from website.accounts.roles import Role


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
