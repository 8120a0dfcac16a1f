"""Who may do what with programmes, courses, editions and enrolments: the one source of truth.

Views, selectors, feeds and tests all ask these functions. Objects someone
may not see answer 404 in the views. The ``*_filter`` functions state the
same visibility rules as ``Q`` objects for listings; tests keep the two forms
in step.
"""

from django.db.models import Q

from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.relations import leads_cluster, manages_centre
from website.accounts.types import AnyUser

from .models import Course, Edition, Enrolment
from .relations import holds_place as _holds_place
from .relations import taught_edition_ids, teaches


def can_manage_courses(user: AnyUser) -> bool:
    """Create and change programmes, courses, editions and their days (the admin)."""
    return user.is_authenticated and user.has_perm("courses.manage_programme")


def can_decide_enrolments(user: AnyUser) -> bool:
    """Approve, refuse, enrol by hand and import enrolments."""
    return user.is_authenticated and user.has_perm("courses.manage_enrolment")


def sees_unpublished(user: AnyUser) -> bool:
    """Unpublished programmes and draft editions are for the people who prepare them."""
    return can_manage_courses(user)


def course_visibility_filter(user: AnyUser) -> Q:
    """Courses of published programmes; training managers see every course."""
    if sees_unpublished(user):
        return Q()
    return Q(programme__is_published=True)


def can_view_course(user: AnyUser, course: Course) -> bool:
    return course.programme.is_published or sees_unpublished(user)


def edition_visibility_filter(user: AnyUser) -> Q:
    """Editions of visible courses, drafts only to their teachers and training managers."""
    if sees_unpublished(user):
        return Q()
    visible = Q(course__programme__is_published=True) & ~Q(status=Edition.Status.DRAFT)
    if user.is_authenticated:
        # A subquery, not a join: a join on teachers would repeat rows and inflate counts.
        visible |= Q(pk__in=taught_edition_ids(user))
    return visible


def can_view_edition(user: AnyUser, edition: Edition) -> bool:
    if sees_unpublished(user):
        return True
    if edition.course.programme.is_published and edition.status != Edition.Status.DRAFT:
        return True
    return user.is_authenticated and teaches(user, edition)


def can_request_place(user: AnyUser, edition: Edition) -> bool:
    """Logged-in people may ask for a place in an edition they can see.

    Whether the edition takes requests right now (window, capacity, one
    place per course) is a rule of the service, which explains a refusal.
    """
    return user.is_authenticated and can_view_edition(user, edition)


def can_withdraw_enrolment(user: AnyUser, enrolment: Enrolment) -> bool:
    """The person themselves, while the edition has not started."""
    return (
        user.is_authenticated
        and enrolment.user_id == user.pk
        and enrolment.is_active
        and not enrolment.edition.has_started()
    )


def can_read_meeting_link(
    user: AnyUser,
    edition: Edition,
    *,
    holds_place: bool | None = None,
    teaches_edition: bool | None = None,
) -> bool:
    """The live-session link: people with a confirmed place, the teachers, the managers.

    ``holds_place`` and ``teaches_edition`` let a caller that already knows the
    person's places and teaching skip a query.
    """
    if not user.is_authenticated:
        return False
    if holds_place is None:
        holds_place = _holds_place(user, edition)
    if holds_place:
        return True
    if teaches_edition is None:
        teaches_edition = teaches(user, edition)
    return teaches_edition or can_decide_enrolments(user)


def can_view_participants(user: AnyUser, edition: Edition) -> bool:
    """The participant list of an edition: its teachers and the training managers."""
    return can_decide_enrolments(user) or teaches(user, edition)


def can_view_centre_training(user: AnyUser, centre: EmploymentCentre) -> bool:
    """The enrolments of a centre's staff: the centre's managers and the training managers."""
    if not user.is_authenticated:
        return False
    return can_decide_enrolments(user) or manages_centre(user, centre)


def can_view_cluster_training(user: AnyUser, cluster: Cluster) -> bool:
    """The enrolments of a cluster's staff: the cluster's leads and the training managers."""
    if not user.is_authenticated:
        return False
    return can_decide_enrolments(user) or leads_cluster(user, cluster)
