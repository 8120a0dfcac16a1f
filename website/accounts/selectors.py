"""Reading affiliation requests, and finding people."""

from django.db.models import Q, QuerySet

from .models import AffiliationRequest
from .permissions import decidable_affiliation_requests
from .types import AnyUser, User

Status = AffiliationRequest.Status


def pending_affiliation_requests(user: AnyUser) -> QuerySet[AffiliationRequest]:
    """The open requests ``user`` may decide, oldest first."""
    return (
        decidable_affiliation_requests(user)
        .filter(status=Status.PENDING)
        .select_related("person", "centre", "centre__cluster", "previous_centre")
        .order_by("created_at", "pk")
    )


def recent_affiliation_decisions(user: AnyUser, *, limit: int = 20) -> list[AffiliationRequest]:
    """The latest decisions on requests ``user`` may decide, newest first."""
    return list(
        decidable_affiliation_requests(user)
        .filter(status__in=[Status.APPROVED, Status.REFUSED])
        .select_related("person", "centre", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def last_refusal(person: User) -> AffiliationRequest | None:
    """The person's latest request to join a centre, if it was refused."""
    latest = (
        AffiliationRequest.objects.filter(person=person)
        .exclude(centre=None)
        .select_related("centre")
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.status == Status.REFUSED else None


def people_search(query: str, *, limit: int = 20) -> list[User]:
    """Active people whose name, surname, email or centre (name or code) hold every word.

    "rossi palermo" finds Maria Rossi of CPI Palermo Centro; one query.
    """
    words = query.split()[:5]
    if not words:
        return []
    people = User.objects.filter(is_active=True)
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(centre__name__icontains=word)
            | Q(centre__code__iexact=word)
        )
    return list(people.select_related("centre").order_by("last_name", "first_name", "pk")[:limit])
