"""Telling holders about their certificates: an email and an in-app notification.

Both in the holder's language; the email leaves after the transaction commits.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from website.core.links import absolute_url
from website.notifications.emails import email_person
from website.notifications.services import notification_create

READY = "certificate_ready"
REVOKED = "certificate_revoked"


def tell(certificate, event):
    if event not in (READY, REVOKED):
        raise ValueError(f"Unknown certificate event {event!r}")
    user = certificate.user
    context = {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "dashboard_url": absolute_url("courses:dashboard") + "#attestati",
        "verification_url": certificate.snapshot["verification_url"],
    }
    template = f"certificates/emails/{event}"
    email_person(user, template, context)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    notification_create(
        recipient=user,
        kind=f"certificates-{event.replace('_', '-')}",
        title=title[:200],
        url=reverse("courses:dashboard") + "#attestati",
    )
