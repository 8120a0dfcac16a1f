"""Who coaches which centre: assigned to the centre here, or to its cluster in accounts."""

from django.db.models import Q, QuerySet

from website.accounts.models import EmploymentCentre
from website.accounts.relations import coached_cluster_ids
from website.accounts.types import AnyUser

from .models import CoachAssignment


def coached_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(
        Q(pk__in=CoachAssignment.objects.filter(coach=user.pk).values("centre_id"))
        | Q(cluster_id__in=coached_cluster_ids(user))
    )


def coaches_centre(user: AnyUser, centre_id: int | None) -> bool:
    if not user.is_authenticated or centre_id is None:
        return False
    return coached_centres(user).filter(pk=centre_id).exists()
