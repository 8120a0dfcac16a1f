"""Who stands where in a course: the one place for edition-level relations.

Teaching an edition and holding a place in it are facts stored on editions
and enrolments, never read from group membership. Organisation-level
relations (leading a cluster, managing a centre) are in
``website.accounts.relations``.
"""

from website.accounts.types import AnyUser, IdSubquery, User
from website.core.memo import remember

from .models import Edition, Enrolment


def taught_edition_ids(user: User) -> IdSubquery:
    """The ids of the editions the person teaches, as a subquery."""
    return Edition.teachers.through.objects.filter(user_id=user.pk).values("edition_id")


def taught_cluster_ids(user: User) -> IdSubquery:
    """The clusters of the editions the person teaches, as a subquery."""
    return Edition.teachers.through.objects.filter(user_id=user.pk).values("edition__cluster_id")


def teaches(user: AnyUser, edition: Edition) -> bool:
    """Uses the prefetched teachers when the edition has them."""
    if not user.is_authenticated:
        return False
    cache = getattr(edition, "_prefetched_objects_cache", {})
    if "teachers" in cache:
        return any(teacher.pk == user.pk for teacher in cache["teachers"])
    return edition.teachers.filter(pk=user.pk).exists()


def _teaches_course_key(user_id: int, course_id: int) -> tuple[str, int, int]:
    return ("courses.teaches_course", user_id, course_id)


def teaches_course(user: AnyUser, course_id: int) -> bool:
    """True when the person teaches an edition of the course (once per request; none when the
    course page has already read its editions with their teachers)."""
    if not user.is_authenticated:
        return False
    return remember(
        _teaches_course_key(user.pk, course_id),
        lambda: Edition.objects.filter(
            pk__in=taught_edition_ids(user), course_id=course_id
        ).exists(),
    )


def note_teachers_read(user: AnyUser, course_id: int, editions: list[Edition]) -> None:
    """Keep for this request whether the person teaches the course, from ``editions``: every
    edition of the course they may see, with their teachers prefetched (a teacher always sees
    the editions they teach)."""
    if user.is_authenticated:
        remember(
            _teaches_course_key(user.pk, course_id),
            lambda: any(teaches(user, edition) for edition in editions),
        )


def placed_edition_ids(user: User) -> IdSubquery:
    """The ids of the editions where the person holds a confirmed place, as a subquery."""
    return Enrolment.objects.filter(user_id=user.pk, status=Enrolment.Status.APPROVED).values(
        "edition_id"
    )


def holds_place(user: AnyUser, edition: Edition) -> bool:
    return (
        user.is_authenticated
        and Enrolment.objects.filter(
            user=user, edition=edition, status=Enrolment.Status.APPROVED
        ).exists()
    )
