"""The day-before reminders: to everyone with a place, once per day and person, ever."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from courses.models import Edition, Enrolment, SessionReminder
from courses.services import session_reminders_send
from website.core.periodic import registered_jobs, run_due_jobs
from website.notifications.models import Notification


def test_reminds_people_with_a_place_of_tomorrows_day_once(
    make_edition, make_user, place, mailoutbox, committed
):
    edition = make_edition(starts_in=1, days=2, code="UD1-DOMANI")
    placed = place(make_user(email="posto@example.org"), edition)
    place(make_user(email="attesa@example.org"), edition, Enrolment.Status.WAITLISTED)
    place(make_user(email="richiesta@example.org"), edition, Enrolment.Status.REQUESTED)
    make_edition(starts_in=5, days=1)  # not tomorrow
    with committed():
        assert session_reminders_send() == 1
    assert [m.to for m in mailoutbox] == [["posto@example.org"]]
    assert "Domani alle 09:00" in mailoutbox[0].subject
    assert "UD1-DOMANI" in mailoutbox[0].subject
    assert Notification.objects.filter(recipient=placed.user, kind="courses-session-reminder")
    with committed():
        assert session_reminders_send() == 0
    assert len(mailoutbox) == 1
    assert SessionReminder.objects.count() == 1


def test_the_next_day_of_the_edition_gets_its_own_reminder(
    make_edition, make_user, place, mailoutbox, committed
):
    edition = make_edition(starts_in=1, days=2)
    place(make_user(), edition)
    with committed():
        session_reminders_send()
    with committed(), time_machine.travel(timezone.now() + timedelta(days=1)):
        assert session_reminders_send() == 1
    assert len(mailoutbox) == 2


def test_cancelled_editions_remind_nobody(make_edition, make_user, place, mailoutbox, committed):
    edition = make_edition(starts_in=1, status=Edition.Status.CANCELLED)
    place(make_user(), edition)
    with committed():
        assert session_reminders_send() == 0
    assert mailoutbox == []


def test_the_job_is_registered_and_runs_through_the_scheduler(
    make_edition, make_user, place, mailoutbox, committed
):
    assert "courses.periodic.send_session_reminders" in registered_jobs()
    place(make_user(), make_edition(starts_in=1))
    with committed():
        ran = run_due_jobs()
    assert "courses.periodic.send_session_reminders" in ran
    assert len(mailoutbox) == 1
    with committed():
        assert "courses.periodic.send_session_reminders" not in run_due_jobs()
