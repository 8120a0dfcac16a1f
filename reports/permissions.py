"""Who sees which report: one function per report.

Training managers see every report. Cluster leads see their clusters'
participation (and the registers of editions held for their clusters);
centre managers see their centres' participation and their staff's records;
teachers see the registers of their editions; everybody sees their own
training record. Anyone else gets 404.
"""

from django.db.models import Q, QuerySet

from courses.models import Edition, Programme
from courses.relations import teaches
from quality.permissions import is_coach
from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.relations import (
    leads_cluster_id,
    led_cluster_list,
    led_clusters,
    managed_centre_list,
    managed_centres,
    manages_centre,
    manages_person,
)
from website.accounts.types import AnyUser, User


def sees_every_report(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("reports.view_all")


def can_view_programme_report(user: AnyUser, programme: Programme) -> bool:
    return sees_every_report(user)


def can_view_edition_register(user: AnyUser, edition: Edition) -> bool:
    """The printable register and its exports: training managers, teachers, the cluster's leads."""
    if not user.is_authenticated:
        return False
    if sees_every_report(user) or teaches(user, edition):
        return True
    return leads_cluster_id(user, edition.cluster_id)


def can_view_cluster_registers(user: AnyUser, cluster: Cluster) -> bool:
    """The registers of every edition held for a cluster: its leads and training managers
    (whom ``can_view_edition_register`` allows for each of those editions)."""
    if not user.is_authenticated:
        return False
    return sees_every_report(user) or leads_cluster_id(user, cluster.pk)


def can_view_coaching(user: AnyUser) -> bool:
    """A coach's page of the centres and clusters they coach (only those: see selectors)."""
    return is_coach(user)


def visible_clusters(user: AnyUser) -> QuerySet[Cluster]:
    """The clusters whose participation the person may see."""
    if sees_every_report(user):
        return Cluster.objects.all()
    return led_clusters(user)


def visible_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    """The centres whose participation the person may see: led clusters' and managed ones."""
    if sees_every_report(user):
        return EmploymentCentre.objects.all()
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(
        Q(cluster__in=led_clusters(user)) | Q(pk__in=managed_centres(user).values("pk"))
    )


def can_view_cluster_participation(user: AnyUser) -> bool:
    if sees_every_report(user):
        return Cluster.objects.exists()
    return bool(led_cluster_list(user))


def can_view_centre_participation(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if not sees_every_report(user):
        if managed_centre_list(user):
            return True
        if not led_cluster_list(user):
            return False
    return visible_centres(user).exists()


def can_view_centre_staff(user: AnyUser, centre: EmploymentCentre) -> bool:
    """The per-person figures of a centre's staff: its managers and training managers."""
    if not user.is_authenticated:
        return False
    return sees_every_report(user) or manages_centre(user, centre)


def can_view_training_record(user: AnyUser, person: User) -> bool:
    """A person's training record: the person, their centre's managers, training managers."""
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or sees_every_report(user):
        return True
    return manages_person(user, person)
