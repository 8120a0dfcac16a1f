"""Self check-in: the classroom code of this day and minute, for people with a place."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance import checkin, services
from attendance.models import AttendanceChange, AttendanceRecord, AttendanceStatus, MarkSource
from courses.models import Enrolment
from website.core.exceptions import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(running):
    edition = running["edition"]
    edition.self_checkin_enabled = True
    edition.save(update_fields=["self_checkin_enabled"])
    return running["today"]


def moment(session, hour, minute=0):
    return timezone.make_aware(datetime.combine(session.date, time(hour, minute)))


def test_codes_have_six_digits_change_every_minute_and_differ_between_days(running):
    today, yesterday = running["days"][2], running["days"][1]
    now = moment(today, 9, 5)
    code = checkin.current_code(today, now)
    assert len(code) == 6 and code.isdigit()
    assert checkin.current_code(today, now + timedelta(seconds=59 - now.second)) == code
    later = [checkin.current_code(today, now + timedelta(minutes=m)) for m in range(1, 6)]
    assert code not in later
    assert checkin.current_code(yesterday, now) != code
    assert checkin.check_code(today, code, now) is checkin.CodeCheck.VALID
    # Typed as it changes: the code of the minute before still works.
    assert checkin.check_code(today, code, now + timedelta(minutes=1)) is checkin.CodeCheck.VALID
    assert checkin.check_code(today, code, now + timedelta(minutes=3)) is checkin.CodeCheck.EXPIRED
    assert checkin.check_code(yesterday, code, now) is checkin.CodeCheck.WRONG
    for bad in ("", "12345", "1234567", "abcdef", None):
        assert checkin.check_code(today, bad, now) is checkin.CodeCheck.WRONG


def test_a_participant_checks_in_with_the_valid_code(day, running):
    person = running["people"][0]
    now = moment(day, 8, 50)
    record = services.attendance_check_in(
        session=day, user=person, code=checkin.current_code(day, now), now=now
    )
    assert (record.status, record.hours, record.source) == (
        AttendanceStatus.PRESENT,
        Decimal("5"),
        MarkSource.CHECKIN,
    )
    change = AttendanceChange.objects.get()
    assert (change.changed_by, change.source, change.status) == (person, "checkin", "present")
    with pytest.raises(Refused, match="già nel registro"):
        services.attendance_check_in(
            session=day, user=person, code=checkin.current_code(day, now), now=now
        )
    assert AttendanceRecord.objects.count() == 1


def test_a_late_check_in_counts_the_hours_left(day, running):
    now = moment(day, 10, 40)  # 1 h 40 after 9:00: 3 h 20 of 5 h left, counted 3
    record = services.attendance_check_in(
        session=day, user=running["people"][0], code=checkin.current_code(day, now), now=now
    )
    assert (record.status, record.hours) == (AttendanceStatus.LATE, Decimal("3"))


def test_an_expired_code_is_refused(day, running):
    shown = moment(day, 9, 0)
    with pytest.raises(Refused, match="scaduto"):
        services.attendance_check_in(
            session=day,
            user=running["people"][0],
            code=checkin.current_code(day, shown),
            now=shown + timedelta(minutes=4),
        )
    assert not AttendanceRecord.objects.exists()


def test_the_code_of_another_day_is_refused(day, running, make_edition, place):
    other = make_edition(starts_in=0, days=1, self_checkin_enabled=True)
    foreign_day = other.sessions.get()
    now = moment(day, 9, 10)
    with pytest.raises(Refused, match="non è valido per questa giornata"):
        services.attendance_check_in(
            session=day,
            user=running["people"][0],
            code=checkin.current_code(foreign_day, now),
            now=now,
        )
    assert not AttendanceRecord.objects.exists()


def test_people_without_a_confirmed_place_are_refused(day, running, make_user, place):
    waiting, outsider = make_user(), make_user()
    place(waiting, running["edition"], status=Enrolment.Status.WAITLISTED)
    now = moment(day, 9, 10)
    for person in (waiting, outsider):
        with pytest.raises(Refused, match="Non hai un posto confermato"):
            services.attendance_check_in(
                session=day, user=person, code=checkin.current_code(day, now), now=now
            )
    assert not AttendanceRecord.objects.exists()


def test_check_in_is_open_only_around_the_day_and_where_the_edition_allows_it(day, running):
    person = running["people"][0]
    for now in (moment(day, 8, 0), moment(day, 14, 1)):
        with pytest.raises(Refused, match="aperta dalle 08:30 alle 14:00"):
            services.attendance_check_in(
                session=day, user=person, code=checkin.current_code(day, now), now=now
            )
    edition = running["edition"]
    edition.self_checkin_enabled = False
    edition.save(update_fields=["self_checkin_enabled"])
    now = moment(day, 9, 0)
    with pytest.raises(Refused, match="non prevede"):
        services.attendance_check_in(
            session=day, user=person, code=checkin.current_code(day, now), now=now
        )
    assert not AttendanceRecord.objects.exists()


def test_the_teacher_corrects_a_check_in_afterwards(day, running, teacher):
    person = running["people"][0]
    now = moment(day, 9, 0)
    services.attendance_check_in(
        session=day, user=person, code=checkin.current_code(day, now), now=now
    )
    record = services.record_mark(
        session=day,
        participant=person,
        status=AttendanceStatus.LEFT_EARLY,
        hours="3",
        by=teacher,
        now=now + timedelta(hours=3),
    )
    assert (record.status, record.source, record.updated_by) == ("left_early", "register", teacher)
    assert AttendanceChange.objects.count() == 2
