"""Telling people what happened to their places: an email and an in-app notification.

Each event has its email templates under ``courses/emails/<event>_*.txt``;
the email's subject is also the notification's title, both in the person's
language. Emails leave after the transaction commits (email_person), so a
rolled-back change tells nobody anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from website.core.links import absolute_url
from website.notifications.notices import tell

if TYPE_CHECKING:
    from website.accounts.models import User

    from .models import Enrolment, Session

APPROVED = "enrolment_approved"
WAITLISTED = "enrolment_waitlisted"
PROMOTED = "enrolment_promoted"
REFUSED = "enrolment_refused"
CANCELLED = "enrolment_cancelled"
REMINDER = "session_reminder"

EVENTS = (APPROVED, WAITLISTED, PROMOTED, REFUSED, CANCELLED, REMINDER)


def tell_participant(
    user: User,
    event: str,
    *,
    enrolment: Enrolment | None = None,
    session: Session | None = None,
) -> None:
    """Email ``user`` about ``event`` and leave the same news among their notifications."""
    if event not in EVENTS:
        raise ValueError(f"Unknown course event {event!r}")
    if session is not None:
        edition = session.edition
    elif enrolment is not None:
        edition = enrolment.edition
    else:
        raise ValueError("A course event is about an enrolment or a session.")
    context = {
        "enrolment": enrolment,
        "session": session,
        "edition": edition,
        "course": edition.course,
        "dashboard_url": absolute_url("courses:dashboard"),
        "course_url": absolute_url(edition.course.get_absolute_url()),
        "password_reset_url": absolute_url("account_reset_password"),
    }
    tell(
        user,
        f"courses/emails/{event}",
        context,
        kind=f"courses-{event.replace('_', '-')}",
        url=reverse("courses:dashboard"),
        body_template="courses/emails/notice_body.txt",
    )
