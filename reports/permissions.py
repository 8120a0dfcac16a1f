"""Who sees which report: one function per report.

Training managers see every report. Cluster leads see their clusters'
participation (and the registers of editions held for their clusters);
centre managers see their centres' participation and their staff's records;
teachers see the registers of their editions; everybody sees their own
training record. Anyone else gets 404.
"""

from django.db.models import Q

from courses.permissions import teaches
from website.accounts.models import Cluster, EmploymentCentre


def sees_every_report(user) -> bool:
    return user.is_authenticated and user.has_perm("attendance.view_attendancerecord")


def can_view_programme_report(user, programme) -> bool:
    return sees_every_report(user)


def can_view_edition_register(user, edition) -> bool:
    """The printable register and its exports: training managers, teachers, the cluster's leads."""
    if not user.is_authenticated:
        return False
    if sees_every_report(user) or teaches(user, edition):
        return True
    return edition.cluster_id is not None and edition.cluster.leads.filter(pk=user.pk).exists()


def visible_clusters(user):
    """The clusters whose participation the person may see."""
    if sees_every_report(user):
        return Cluster.objects.all()
    if not user.is_authenticated:
        return Cluster.objects.none()
    return Cluster.objects.filter(leads=user)


def visible_centres(user):
    """The centres whose participation the person may see: led clusters' and managed ones."""
    if sees_every_report(user):
        return EmploymentCentre.objects.all()
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(
        Q(cluster__in=Cluster.objects.filter(leads=user))
        | Q(pk__in=EmploymentCentre.objects.filter(managers=user).values("pk"))
    )


def can_view_cluster_participation(user) -> bool:
    return visible_clusters(user).exists()


def can_view_centre_participation(user) -> bool:
    return visible_centres(user).exists()


def can_view_centre_staff(user, centre) -> bool:
    """The per-person figures of a centre's staff: its managers and training managers."""
    if not user.is_authenticated:
        return False
    return sees_every_report(user) or centre.managers.filter(pk=user.pk).exists()


def can_view_training_record(user, person) -> bool:
    """A person's training record: the person, their centre's managers, training managers."""
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or sees_every_report(user):
        return True
    return person.centre_id is not None and person.centre.managers.filter(pk=user.pk).exists()
