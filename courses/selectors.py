"""Read-only questions about courses that other apps ask (forums, resources, certificates).

Each answers from the database in one query; views, tasks and tests all call these.
"""

from django.utils import timezone

from .models import Edition, Enrolment


def has_place_in_edition(user, edition) -> bool:
    """True when the person holds a confirmed place in the edition."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, edition=edition, status=Enrolment.Status.APPROVED
    ).exists()


def is_enrolled_in_course(user, course) -> bool:
    """True when the person holds a confirmed place in any edition of the course."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, course=course, status=Enrolment.Status.APPROVED
    ).exists()


def enrolled_course_ids(user) -> set[int]:
    """The ids of the courses in which the person holds a confirmed place."""
    if not user.is_authenticated:
        return set()
    return set(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.APPROVED).values_list(
            "course_id", flat=True
        )
    )


def teaches_edition(user, edition) -> bool:
    if not user.is_authenticated:
        return False
    return edition.teachers.filter(pk=user.pk).exists()


def editions_taught_by(user):
    return (
        Edition.objects.filter(teachers=user) if user.is_authenticated else Edition.objects.none()
    )


def upcoming_editions(*, limit=5):
    """Scheduled editions of published programmes that have not started yet, soonest first."""
    return (
        Edition.objects.filter(
            status=Edition.Status.SCHEDULED,
            course__programme__is_published=True,
            starts_on__gte=timezone.localdate(),
        )
        .select_related("course", "course__programme", "cluster")
        .order_by("starts_on", "code")[:limit]
    )
