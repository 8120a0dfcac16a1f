"""Who may see, download and manage resources: the single source of truth.

Audiences: *public* (everyone), *registered* (anyone logged in), *enrolled*
(people with a confirmed place in an edition of the resource's course) and
*staff* (teachers, coaches, training managers). Staff see every resource and
every version; everybody else gets the current version only.

``can_view_resource`` answers for one resource; ``visible_resources_filter``
is the same rule as a query filter for lists. Tests hold the two together.
"""

from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Enrolment
from courses.selectors import editions_taught_by, is_enrolled_in_course
from website.accounts.types import AnyUser

from .models import Resource, ResourceFile

Audience = Resource.Audience


def _sees_staff_materials(user: AnyUser) -> bool:
    """Staff (teachers, coaches, training managers): every resource and every version."""
    return user.has_perm("resources.view_staff_materials")


def _manages_library(user: AnyUser) -> bool:
    return user.has_perm("resources.manage_library")


def _everyone_may_open(resource: Resource) -> bool:
    return resource.audience == Audience.PUBLIC


def can_view_resource(user: AnyUser, resource: Resource) -> bool:
    if _everyone_may_open(resource):
        return True
    if not user.is_authenticated:
        return False
    if resource.audience == Audience.REGISTERED or _sees_staff_materials(user):
        return True
    if resource.audience == Audience.ENROLLED and resource.course_id is not None:
        return is_enrolled_in_course(user, resource.course_id)
    return False


def visible_resources_filter(user: AnyUser) -> Q:
    """``can_view_resource`` as a filter on Resource (the person's courses as a subquery:
    no query of its own)."""
    if not user.is_authenticated:
        return Q(audience=Audience.PUBLIC)
    if _sees_staff_materials(user):
        return Q()
    placed = Enrolment.objects.filter(user_id=user.pk, status=Enrolment.Status.APPROVED)
    return Q(audience__in=[Audience.PUBLIC, Audience.REGISTERED]) | Q(
        audience=Audience.ENROLLED, course_id__in=placed.values("course_id")
    )


def can_see_earlier_versions(user: AnyUser, resource: Resource) -> bool:
    return can_view_resource(user, resource) and _sees_staff_materials(user)


def can_download_file(user: AnyUser, resource_file: ResourceFile) -> bool:
    """A file of the current version for whoever may open the resource; earlier ones for staff."""
    version = resource_file.version
    resource = version.resource
    if resource.current_version_id == version.pk:
        return can_view_resource(user, resource)
    return can_see_earlier_versions(user, resource)


class LockReason(StrEnum):
    LOGIN = "login"
    ENROL = "enrol"
    STAFF = "staff"


LOCK_MESSAGES = {
    LockReason.LOGIN: _("Accedi per consultarlo."),
    LockReason.ENROL: _("Riservato a chi ha un posto confermato in un'edizione del corso."),
    LockReason.STAFF: _("Riservato a docenti, coach e gestori della formazione."),
}


def lock_reason(user: AnyUser, resource: Resource, *, enrolled: bool) -> LockReason | None:
    """Why the person cannot open the resource (None when they can).

    ``enrolled`` says whether they hold a place in the resource's course; the
    caller asks once for a whole list of one course's materials.
    """
    if _everyone_may_open(resource):
        return None
    if not user.is_authenticated:
        return LockReason.LOGIN
    if resource.audience == Audience.REGISTERED or _sees_staff_materials(user):
        return None
    if resource.audience == Audience.ENROLLED and resource.course_id is not None:
        return None if enrolled else LockReason.ENROL
    return LockReason.STAFF


def can_list_locked_resource(user: AnyUser, resource: Resource) -> bool:
    """Locked materials are listed on the course page with the reason, except staff-only ones."""
    return resource.audience != Audience.STAFF or _sees_staff_materials(user)


def _taught_course_ids(user: AnyUser) -> set[int]:
    if not user.has_perm("resources.share_course_material"):
        return set()
    return set(editions_taught_by(user).values_list("course_id", flat=True))


def can_upload_to_course(user: AnyUser, course: Course) -> bool:
    """Training managers upload to any unit; teachers to the units whose editions they teach."""
    if not user.is_authenticated:
        return False
    return _manages_library(user) or course.pk in _taught_course_ids(user)


def can_upload_to_library(user: AnyUser) -> bool:
    """Materials that belong to no course are the training managers' to publish."""
    return _manages_library(user)


def can_upload(user: AnyUser) -> bool:
    return can_upload_to_library(user) or bool(_taught_course_ids(user))


def uploadable_course_ids(user: AnyUser) -> set[int] | None:
    """The courses the person may upload to; None means every course."""
    if _manages_library(user):
        return None
    return _taught_course_ids(user) if user.is_authenticated else set()


def can_manage_resource(user: AnyUser, resource: Resource) -> bool:
    """Edit the details and add versions: training managers, or the unit's teachers."""
    if not user.is_authenticated:
        return False
    if _manages_library(user):
        return True
    return resource.course_id is not None and resource.course_id in _taught_course_ids(user)
