"""Telling holders about their certificates: an email and an in-app notification.

Both in the holder's language; the email leaves after the transaction commits.
"""

from django.urls import reverse

from website.core.links import absolute_url
from website.notifications.notices import tell, tell_many

from .models import Certificate

READY = "certificate_ready"
REVOKED = "certificate_revoked"


def tell_holder(certificate: Certificate, event: str) -> None:
    if event not in (READY, REVOKED):
        raise ValueError(f"Unknown certificate event {event!r}")
    user = certificate.user
    context = {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "dashboard_url": absolute_url("courses:dashboard") + "#attestati",
        "verification_url": certificate.snapshot["verification_url"],
    }
    tell(
        user,
        f"certificates/emails/{event}",
        context,
        kind=f"certificates-{event.replace('_', '-')}",
        url=reverse("courses:dashboard") + "#attestati",
    )


def tell_holders(certificates: list[Certificate], event: str) -> None:
    """``tell_holder`` for many certificates at once (a bulk run's batch)."""
    if event not in (READY, REVOKED):
        raise ValueError(f"Unknown certificate event {event!r}")
    dashboard_url = absolute_url("courses:dashboard") + "#attestati"
    tell_many(
        (
            (
                certificate.user,
                {
                    "certificate": certificate,
                    "snapshot": certificate.snapshot,
                    "dashboard_url": dashboard_url,
                    "verification_url": certificate.snapshot["verification_url"],
                },
            )
            for certificate in certificates
        ),
        f"certificates/emails/{event}",
        kind=f"certificates-{event.replace('_', '-')}",
        url=reverse("courses:dashboard") + "#attestati",
    )
