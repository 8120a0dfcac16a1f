"""Telling people about affiliation requests: an email and an in-app notification.

The person hears the decision on their request; the requested centre's
managers hear that a request waits for them. Emails leave after the
transaction commits (email_person), so a rolled-back change tells nobody.
"""

from django.urls import reverse

from website.core.links import absolute_url
from website.notifications.notices import tell

APPROVED = "affiliation_approved"
REFUSED = "affiliation_refused"
REQUESTED = "affiliation_requested"


def _tell(user, event, *, request, url) -> None:
    context = {"affiliation": request, "centre": request.centre, "url": absolute_url(url)}
    tell(user, f"accounts/emails/{event}", context, kind=event.replace("_", "-"), url=url)


def tell_person(request, event) -> None:
    """The person whose request was approved or refused."""
    _tell(request.person, event, request=request, url=reverse("accounts:profile"))


def tell_managers(request) -> None:
    """The requested centre's managers: a request waits for their decision."""
    url = reverse("accounts:affiliation_requests")
    for manager in request.centre.managers.filter(is_active=True).exclude(pk=request.person_id):
        _tell(manager, REQUESTED, request=request, url=url)
