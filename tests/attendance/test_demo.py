"""The demo registers: exactly 316 of the finished plan's 593 participants reach the threshold."""

from collections import Counter

import pytest
from django.utils import timezone

from attendance.models import AttendanceChange, AttendanceRecord, AttendanceStatus, RegisterEvent
from attendance.selectors import edition_attendance, register_is_closed
from courses.models import Edition, Enrolment, Session
from demo.attendance import PILOT_CODE, reaches_threshold
from demo.courses import FINISHED_SLUG


@pytest.mark.parametrize("total, reaching", [(593, 316), (20, 7), (7, 7), (5, 0), (1, 1)])
def test_the_rule_picks_exactly_the_number_asked_for(total, reaching):
    picked = [n for n in range(total) if reaches_threshold(n, total, reaching)]
    assert len(picked) == reaching
    if reaching:
        assert picked[0] == 0


def test_316_of_the_593_participants_reach_their_courses_threshold(demo_db):
    editions = Edition.objects.filter(course__programme__slug=FINISHED_SLUG).select_related(
        "course"
    )
    reached = participants = never_came = 0
    for edition in editions:
        for attendance in edition_attendance(edition).values():
            participants += 1
            reached += attendance.share >= edition.course.attendance_threshold
            never_came += attendance.days_attended == 0
    assert (participants, reached) == (593, 316)
    # Those who never came are a small minority, not a block.
    assert 0 < never_came < 60


def test_every_finished_register_is_complete_closed_and_has_its_history(demo_db):
    editions = Edition.objects.filter(course__programme__slug=FINISHED_SLUG)
    days = Session.objects.filter(edition__in=editions)
    records = AttendanceRecord.objects.filter(session__in=days)
    places = Enrolment.objects.filter(edition__in=editions, status=Enrolment.Status.APPROVED)
    expected = sum(
        edition.sessions.count() * places.filter(edition=edition).count() for edition in editions
    )
    assert records.count() == expected
    assert AttendanceChange.objects.filter(session__in=days).count() == expected
    assert all(register_is_closed(edition) for edition in editions)
    closings = RegisterEvent.objects.filter(edition__in=editions)
    assert set(closings.values_list("action", "by__email")) == {
        (RegisterEvent.Action.CLOSED, "gestore@aula.example")
    }
    # Marked by the day's teacher on the day, closed after the edition ended.
    assert all(r.updated_at.date() == r.session.date for r in records.select_related("session"))
    assert all(e.at.date() > e.edition.ends_on for e in closings.select_related("edition"))
    statuses = Counter(records.values_list("status", flat=True))
    assert set(statuses) == set(AttendanceStatus.values)
    assert statuses[AttendanceStatus.PRESENT] > records.count() / 2
    for record in records.exclude(status=AttendanceStatus.PRESENT):
        assert record.hours < record.session.hours


def test_the_pilot_register_is_open_with_a_day_to_mark_today(demo_db):
    pilot = Edition.objects.get(code=PILOT_CODE)
    today = timezone.localdate()
    assert pilot.self_checkin_enabled
    assert not register_is_closed(pilot)
    assert pilot.teachers.filter(email="docente@aula.example").exists()
    assert pilot.enrolments.filter(user__email="operatore@aula.example").exists()
    dates = list(pilot.sessions.values_list("date", flat=True))
    assert dates[0] < today == dates[1] < dates[2]
    marked = AttendanceRecord.objects.filter(session__edition=pilot)
    assert set(marked.values_list("session__date", flat=True)) == {dates[0]}
    assert marked.count() == pilot.enrolments.count()
