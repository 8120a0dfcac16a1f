"""Who stands where in the organisation: the one place for these relations.

The lists of the clusters someone leads and the centres they manage are read once per
request and kept in the cache under the person's generation, which ``accounts.signals``
moves whenever a lead or a manager is added or removed, or such a cluster or centre changes.

Leading a cluster, coaching it, managing a centre, working in one: facts
stored on the organisation's objects, never read from group membership.
Every app's ``permissions.py`` asks here; edition-level relations (teaching,
holding a place) live in ``courses.relations``.
"""

from django.db.models import QuerySet

from website.core.generations import remember_for_user
from website.core.memo import remember

from .models import Cluster, EmploymentCentre
from .types import AnyUser, IdSubquery, User


def led_cluster_ids(user: User) -> IdSubquery:
    """The ids of the clusters the person leads, as a subquery."""
    return Cluster.leads.through.objects.filter(user_id=user.pk).values("cluster_id")


def coached_cluster_ids(user: User) -> IdSubquery:
    return Cluster.coaches.through.objects.filter(user_id=user.pk).values("cluster_id")


def staff_cluster_ids(user: User) -> IdSubquery:
    """The cluster of the person's confirmed centre."""
    return EmploymentCentre.objects.filter(staff=user.pk).values("cluster_id")


def led_clusters(user: AnyUser) -> QuerySet[Cluster]:
    if not user.is_authenticated:
        return Cluster.objects.none()
    return Cluster.objects.filter(leads=user)


def led_cluster_list(user: AnyUser) -> list[Cluster]:
    """The clusters the person leads, read once per request."""
    if not user.is_authenticated:
        return []
    key = ("accounts.led_clusters", user.pk)
    return remember(
        key,
        lambda: remember_for_user(
            user.pk, "led_clusters", lambda: list(led_clusters(user).select_related("region"))
        ),
    )


def leads_cluster(user: AnyUser, cluster: Cluster) -> bool:
    return user.is_authenticated and cluster.leads.filter(pk=user.pk).exists()


def leads_cluster_id(user: AnyUser, cluster_id: int | None) -> bool:
    if not user.is_authenticated or cluster_id is None:
        return False
    return Cluster.leads.through.objects.filter(user_id=user.pk, cluster_id=cluster_id).exists()


def managed_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(managers=user)


def manages_centre(user: AnyUser, centre: EmploymentCentre) -> bool:
    return user.is_authenticated and centre.managers.filter(pk=user.pk).exists()


def managed_centre_list(user: AnyUser) -> list[EmploymentCentre]:
    """The centres the person manages, read once per request."""
    if not user.is_authenticated:
        return []
    return remember(
        ("accounts.managed_centres", user.pk),
        lambda: remember_for_user(user.pk, "managed_centres", lambda: list(managed_centres(user))),
    )


def manages_any_centre(user: AnyUser) -> bool:
    return bool(managed_centre_list(user))


def manages_person(user: AnyUser, person: User) -> bool:
    """Whether the user manages the person's confirmed centre."""
    return person.centre is not None and manages_centre(user, person.centre)
