"""Who may open a package and who may manage it.

A learner opens a package when they hold a confirmed place in an edition of its
course. Staff open and manage packages by capability: ``packages.manage_packages``
(training managers) on every course, teachers on the courses of the editions they
teach, and among the attempts only those of the learners of their own editions.
"""

from courses.models import Course, Enrolment
from courses.relations import taught_edition_ids, teaches_course
from courses.selectors import is_enrolled_in_course
from website.accounts.types import AnyUser, IdSubquery, User

from .models import Package


def manages_all(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("packages.manage_packages")


def can_manage_package(user: AnyUser, package: Package) -> bool:
    return manages_all(user) or teaches_course(user, package.course_id)


def can_manage_course(user: AnyUser, course: Course) -> bool:
    return manages_all(user) or teaches_course(user, course.pk)


def can_open_package(user: AnyUser, package: Package) -> bool:
    if not user.is_authenticated:
        return False
    return is_enrolled_in_course(user, package.course_id) or can_manage_package(user, package)


def learners_visible_to(user: User, package: Package) -> IdSubquery | None:
    """The ids of the learners whose attempts the person may see (a subquery), or None for all."""
    if manages_all(user):
        return None
    return Enrolment.objects.filter(
        edition_id__in=taught_edition_ids(user),
        course_id=package.course_id,
        status=Enrolment.Status.APPROVED,
    ).values("user_id")
