"""What a participant attended of an edition, as the reports and the certificates read it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from attendance.models import AttendanceChange, AttendanceRecord, AttendanceStatus
from attendance.selectors import edition_attendance

pytestmark = pytest.mark.django_db


def mark(session, user, status, hours):
    return AttendanceRecord.objects.create(session=session, user=user, status=status, hours=hours)


def test_totals_per_participant_count_only_this_editions_days(
    make_edition, make_user, place, course
):
    first, other = make_edition(days=3), make_edition(days=2)
    attended, absent, untouched = make_user(), make_user(), make_user()
    for person in (attended, absent, untouched):
        place(person, first)
    days = list(first.sessions.order_by("date"))
    mark(days[0], attended, AttendanceStatus.PRESENT, Decimal("5"))
    mark(days[1], attended, AttendanceStatus.LATE, Decimal("3.5"))
    mark(days[2], attended, AttendanceStatus.EXCUSED, Decimal("0"))
    mark(days[0], absent, AttendanceStatus.ABSENT, Decimal("0"))
    # Hours in another edition never count here.
    mark(other.sessions.first(), absent, AttendanceStatus.PRESENT, Decimal("5"))

    totals = edition_attendance(first)

    assert {row.total_hours for row in totals.values()} == {Decimal("15")}
    assert set(totals) == {attended.pk, absent.pk, untouched.pk}
    assert totals[attended.pk].attended_hours == Decimal("8.5")
    assert totals[attended.pk].days_attended == 2
    assert totals[attended.pk].days_excused == 1
    assert totals[attended.pk].share == Decimal("56.67")
    assert totals[absent.pk].attended_hours == Decimal("0")
    assert totals[absent.pk].days_attended == 0
    assert totals[untouched.pk].share == Decimal("0")


def test_an_absence_cannot_carry_hours(edition, make_user):
    with pytest.raises(IntegrityError):
        mark(edition.sessions.first(), make_user(), AttendanceStatus.ABSENT, Decimal("2"))


def test_history_is_append_only(edition, make_user):
    person, teacher = make_user(), make_user()
    change = AttendanceChange.objects.create(
        session=edition.sessions.first(),
        participant=person,
        changed_by=teacher,
        status=AttendanceStatus.PRESENT,
        hours=Decimal("5"),
    )
    change.reason = "rewritten"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()
    assert AttendanceChange.objects.get().reason == ""
