"""Who may do what with assessments, plans and visits: one check per object kind and action.

Training managers (the ``quality.manage_quality`` capability) do everything.
An assessment's members write only their own individual assessment, and
read the others' only once the facilitator has opened the consensus; the
facilitator (and training managers) run the consensus and close it; once
closed the report is read by the staff of the centre (of the cluster, for a
cluster's assessment), its managers, its coaches and its cluster's leads.
Managers and coaches of the centre, and the facilitator, edit its plan.
Coaches record visits to their centres; the centre's managers confirm them.
Views answer 404 whenever a check says no.
"""

from django.db.models import QuerySet

from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.relations import coached_cluster_ids, leads_cluster_id, manages_centre
from website.accounts.types import AnyUser, User

from .models import Assessment, CoachingVisit, ImprovementPlan
from .relations import coached_centres, coaches_centre


def manages_quality(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("quality.manage_quality")


def is_coach(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("quality.coach_centres")


def _scope_centres(assessment: Assessment) -> QuerySet[EmploymentCentre]:
    if assessment.centre_id:
        return EmploymentCentre.objects.filter(pk=assessment.centre_id)
    return EmploymentCentre.objects.filter(cluster_id=assessment.cluster_id)


def _is_member(user: User, assessment: Assessment) -> bool:
    cached = getattr(assessment, "_member_ids", None)
    if cached is not None:
        return user.pk in cached
    return assessment.members.filter(pk=user.pk).exists()


def is_member(user: AnyUser, assessment: Assessment) -> bool:
    return user.is_authenticated and _is_member(user, assessment)


def _works_in_scope(user: User, assessment: Assessment) -> bool:
    return (
        user.centre_id is not None and _scope_centres(assessment).filter(pk=user.centre_id).exists()
    )


def _manages_scope(user: User, assessment: Assessment) -> bool:
    return _scope_centres(assessment).filter(managers=user).exists()


def _coaches_scope(user: User, assessment: Assessment) -> bool:
    return (
        is_coach(user)
        and coached_centres(user).filter(pk__in=_scope_centres(assessment).values("pk")).exists()
    )


def can_open_assessment(
    user: AnyUser, *, centre: EmploymentCentre | None = None, cluster: Cluster | None = None
) -> bool:
    """Training managers anywhere; coaches for the centres (or the cluster) they coach."""
    if manages_quality(user):
        return True
    if not user.is_authenticated or not is_coach(user):
        return False
    if centre is not None:
        return coaches_centre(user, centre.pk)
    return (
        cluster is not None
        and Cluster.objects.filter(pk=cluster.pk, pk__in=coached_cluster_ids(user)).exists()
    )


def runs_consensus(user: AnyUser, assessment: Assessment) -> bool:
    return user.is_authenticated and (assessment.facilitator_id == user.pk or manages_quality(user))


def can_view_assessment(user: AnyUser, assessment: Assessment) -> bool:
    if not user.is_authenticated:
        return False
    if runs_consensus(user, assessment) or _is_member(user, assessment):
        return True
    if _coaches_scope(user, assessment):
        return True
    return assessment.is_closed and can_read_report(user, assessment)


def can_write_individual(user: AnyUser, assessment: Assessment) -> bool:
    return (
        assessment.status == Assessment.Status.INDIVIDUAL
        and user.is_authenticated
        and _is_member(user, assessment)
    )


def can_read_individual(user: AnyUser, assessment: Assessment, member_id: int) -> bool:
    """One's own at any time; the others' only from the consensus on, within the group."""
    if not user.is_authenticated:
        return False
    if member_id == user.pk:
        return _is_member(user, assessment)
    if assessment.status == Assessment.Status.INDIVIDUAL:
        return False
    return runs_consensus(user, assessment) or _is_member(user, assessment)


def can_see_consensus(user: AnyUser, assessment: Assessment) -> bool:
    return assessment.status != Assessment.Status.INDIVIDUAL and (
        runs_consensus(user, assessment) or is_member(user, assessment)
    )


def can_start_consensus(user: AnyUser, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.INDIVIDUAL and runs_consensus(user, assessment)


def can_run_consensus(user: AnyUser, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.CONSENSUS and runs_consensus(user, assessment)


def can_read_report(user: AnyUser, assessment: Assessment) -> bool:
    """The closed report: the scope's staff, managers, coaches and cluster leads, the group."""
    if not user.is_authenticated:
        return False
    if not assessment.is_closed:
        return can_run_consensus(user, assessment)
    return (
        runs_consensus(user, assessment)
        or _is_member(user, assessment)
        or _works_in_scope(user, assessment)
        or _manages_scope(user, assessment)
        or _coaches_scope(user, assessment)
        or leads_cluster_id(user, assessment.cluster_id)
    )


def can_create_plan(user: AnyUser, assessment: Assessment) -> bool:
    if not assessment.is_closed or not user.is_authenticated:
        return False
    return (
        manages_quality(user)
        or assessment.facilitator_id == user.pk
        or _manages_scope(user, assessment)
        or _coaches_scope(user, assessment)
    )


def can_edit_plan(user: AnyUser, plan: ImprovementPlan) -> bool:
    return can_create_plan(user, plan.assessment)


def can_view_plan(user: AnyUser, plan: ImprovementPlan) -> bool:
    return can_edit_plan(user, plan) or can_read_report(user, plan.assessment)


def can_record_visit(user: AnyUser, centre: EmploymentCentre) -> bool:
    return is_coach(user) and coaches_centre(user, centre.pk)


def can_view_visit(user: AnyUser, visit: CoachingVisit) -> bool:
    if not user.is_authenticated:
        return False
    return visit.coach_id == user.pk or manages_quality(user) or manages_centre(user, visit.centre)


def can_confirm_visit(user: AnyUser, visit: CoachingVisit) -> bool:
    return (
        visit.confirmed_at is None and user.is_authenticated and manages_centre(user, visit.centre)
    )


def can_change_visit(user: AnyUser, visit: CoachingVisit) -> bool:
    return visit.confirmed_at is None and visit.coach_id == user.pk


def can_view_benchlearning(user: AnyUser) -> bool:
    return user.is_authenticated and (
        manages_quality(user)
        or user.centre_id is not None
        or user.led_clusters.exists()
        or is_coach(user)
    )
