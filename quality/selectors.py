"""Reads for the quality pages, each in a fixed number of queries."""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.db.models import (
    Aggregate,
    Count,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from courses.models import Programme
from website.accounts.models import EmploymentCentre, User
from website.accounts.relations import led_cluster_ids
from website.accounts.types import AnyUser

from . import permissions, scoring
from .models import (
    Action,
    Assessment,
    CoachingVisit,
    ConsensusEntry,
    Criterion,
    ImprovementPlan,
    Indicator,
    IndividualEntry,
    ProgressUpdate,
    SubCriterion,
)
from .relations import coached_centres

# A member's score is marked when it lies more than one band's width from the group's median;
# a sub-criterion is marked for discussion when its scores spread over more than that.
OUTLIER_DISTANCE = 20


def assessment_queryset() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "centre", "cluster", "cluster__region", "facilitator", "model"
    ).prefetch_related(Prefetch("members", queryset=User.objects.order_by("last_name", "pk")))


def with_member_ids(assessment: Assessment) -> Assessment:
    """Remember the members (prefetched) so permission checks ask no more queries."""
    # An attribute of this instance only, read by permissions._is_member.
    assessment._member_ids = {member.pk for member in assessment.members.all()}  # type: ignore[attr-defined]
    return assessment


def criteria_of(model_id: int) -> list[Criterion]:
    """The model's criteria, each with its sub-criteria in ``subcriteria.all()``: one query."""
    criteria: dict[int, Criterion] = {}
    grouped: dict[int, list[SubCriterion]] = defaultdict(list)
    for sub in (
        SubCriterion.objects.filter(criterion__model_id=model_id)
        .select_related("criterion")
        .order_by("criterion__number", "position")
    ):
        criteria.setdefault(sub.criterion_id, sub.criterion)
        sub.criterion = criteria[sub.criterion_id]
        grouped[sub.criterion_id].append(sub)
    for criterion in criteria.values():
        # What prefetch_related would leave: the related manager answers from this cache.
        cached = criterion.subcriteria.all()
        cached._result_cache = grouped[criterion.pk]
        cached._prefetch_done = True  # type: ignore[attr-defined]  # Django's private flag
        criterion._prefetched_objects_cache = {"subcriteria": cached}  # type: ignore[attr-defined]  # Django's private cache
    return list(criteria.values())


def member_entries(assessment: Assessment, member_id: int) -> dict[int, IndividualEntry]:
    return {
        entry.subcriterion_id: entry
        for entry in IndividualEntry.objects.filter(
            assessment=assessment, member_id=member_id
        ).prefetch_related("files")
    }


def member_progress(assessment: Assessment) -> dict[int, int]:
    """How many sub-criteria each member has scored (no content: just counts)."""
    return dict(
        IndividualEntry.objects.filter(assessment=assessment, value__isnull=False)
        .values("member_id")
        .annotate(count=Count("pk"))
        .values_list("member_id", "count")
    )


@dataclass
class ScoreCell:
    member: User
    entry: IndividualEntry | None
    outlier: bool = False


@dataclass
class ConsensusRow:
    subcriterion: SubCriterion
    cells: list[ScoreCell]
    consensus: ConsensusEntry | None
    mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None
    discuss: bool = False


class _SubcriteriaSet(Protocol):
    def all(self) -> Iterable[SubCriterion]: ...


class CriterionLike(Protocol):
    """A criterion, or a stand-in that shows only some of its sub-criteria."""

    @property
    def subcriteria(self) -> _SubcriteriaSet: ...


_Criterion = TypeVar("_Criterion", bound=CriterionLike)


def consensus_rows(
    assessment: Assessment, criteria: Iterable[_Criterion], *, only_sub: int | None = None
) -> list[tuple[_Criterion, list[ConsensusRow]]]:
    """Every member's score of every sub-criterion side by side, with spread and outliers."""
    members = list(assessment.members.all())
    individual = IndividualEntry.objects.filter(assessment=assessment)
    agreed = ConsensusEntry.objects.filter(assessment=assessment)
    if only_sub is not None:
        individual = individual.filter(subcriterion_id=only_sub)
        agreed = agreed.filter(subcriterion_id=only_sub)
    entries = {(entry.member_id, entry.subcriterion_id): entry for entry in individual}
    agreed_by_sub = {entry.subcriterion_id: entry for entry in agreed}
    grouped = []
    for criterion in criteria:
        rows: list[ConsensusRow] = []
        for sub in criterion.subcriteria.all():
            cells = [ScoreCell(m, entries.get((m.pk, sub.pk))) for m in members]
            row = ConsensusRow(sub, cells, agreed_by_sub.get(sub.pk))
            values = [c.entry.value for c in cells if c.entry and c.entry.value is not None]
            if values:
                row.mean = scoring.mean(values)
                row.median = Decimal(statistics.median(values))
                row.spread = max(values) - min(values)
                row.discuss = row.spread > OUTLIER_DISTANCE
                for cell in cells:
                    if cell.entry and cell.entry.value is not None:
                        cell.outlier = abs(cell.entry.value - row.median) > OUTLIER_DISTANCE
            rows.append(row)
        grouped.append((criterion, rows))
    return grouped


def consensus_values(assessment_id: int) -> dict[int, ConsensusEntry]:
    return {
        entry.subcriterion_id: entry
        for entry in ConsensusEntry.objects.filter(assessment_id=assessment_id)
    }


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The same centre's (or cluster's) closed assessment before this one."""
    return (
        Assessment.objects.filter(
            status=Assessment.Status.CLOSED,
            centre_id=assessment.centre_id,
            cluster_id=assessment.cluster_id,
            starts_on__lte=assessment.starts_on,
        )
        .exclude(pk=assessment.pk)
        .order_by("-starts_on", "-pk")
        .first()
    )


@dataclass
class Report:
    criteria: list[Criterion]
    totals: scoring.Totals
    entries: dict[int, ConsensusEntry]
    previous: Assessment | None = None
    previous_totals: scoring.Totals | None = None
    previous_entries: dict[int, ConsensusEntry] = field(default_factory=dict)


def report(assessment: Assessment) -> Report:
    criteria = criteria_of(assessment.model_id)
    entries = consensus_values(assessment.pk)
    totals = scoring.totals(criteria, {k: e.value for k, e in entries.items()})
    previous = previous_assessment(assessment)
    result = Report(criteria, totals, entries, previous)
    if previous is not None:
        previous_criteria = (
            criteria if previous.model_id == assessment.model_id else criteria_of(previous.model_id)
        )
        result.previous_entries = consensus_values(previous.pk)
        result.previous_totals = scoring.totals(
            previous_criteria, {k: e.value for k, e in result.previous_entries.items()}
        )
    return result


def visible_assessments(user: AnyUser) -> QuerySet[Assessment]:
    """The assessments someone takes part in or follows (for their index page)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    base = Assessment.objects.select_related("centre", "cluster")
    if permissions.manages_quality(user):
        return base
    centre_ids = EmploymentCentre.objects.filter(
        Q(pk__in=coached_centres(user).values("pk")) if permissions.is_coach(user) else Q(pk=None)
    ).values("pk")
    closed_scope = Q(status=Assessment.Status.CLOSED) & (
        Q(centre_id=user.centre_id)
        | Q(centre__isnull=True, cluster__centres=user.centre_id)
        | Q(centre__managers=user)
        | Q(cluster_id__in=led_cluster_ids(user))
    )
    return base.filter(
        Q(members=user) | Q(facilitator=user) | Q(centre_id__in=centre_ids) | closed_scope
    ).distinct()


def plan_actions(plan: ImprovementPlan) -> list[Action]:
    return list(
        plan.actions.select_related("owner")
        .prefetch_related(
            "indicators",
            Prefetch(
                "subcriteria",
                queryset=SubCriterion.objects.order_by("criterion__number", "position"),
            ),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author"),
            ),
        )
        .order_by("due_on", "pk")
    )


def expected_share(action: Action, today: date) -> Decimal:
    """The share of the action's time already gone (0 before it starts, 1 after it is due)."""
    total = (action.due_on - action.starts_on).days or 1
    gone = (min(max(today, action.starts_on), action.due_on) - action.starts_on).days
    return Decimal(gone) / Decimal(total)


# An indicator is off track when its progress towards the target trails the share of the
# action's time already gone by more than this.
OFF_TRACK_MARGIN = Decimal("0.25")


def off_track(indicator: Indicator, action: Action, today: date) -> bool:
    if action.status not in Action.OPEN_STATUSES:
        return False
    return indicator.progress < expected_share(action, today) - OFF_TRACK_MARGIN


def watched_actions(user: AnyUser) -> list[Action]:
    """Open actions of the plans a manager or coach follows that are overdue or off track."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    plans = ImprovementPlan.objects.all()
    if not permissions.manages_quality(user):
        centres = EmploymentCentre.objects.filter(
            Q(managers=user)
            | Q(pk__in=coached_centres(user).values("pk") if permissions.is_coach(user) else [])
        ).values("pk")
        plans = plans.filter(assessment__centre__in=centres)
    actions = list(
        Action.objects.filter(plan__in=plans, status__in=Action.OPEN_STATUSES)
        .select_related("owner", "plan__assessment__centre")
        .prefetch_related("indicators")
        .order_by("due_on")
    )
    watched = []
    for action in actions:
        # Attributes of these instances for the dashboard template.
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
        action.off_track_indicators = [  # type: ignore[attr-defined]
            i for i in action.indicators.all() if off_track(i, action, today)
        ]
        if action.overdue or action.off_track_indicators:  # type: ignore[attr-defined]
            watched.append(action)
    return watched


def visits_for(user: User) -> QuerySet[CoachingVisit]:
    visits = CoachingVisit.objects.select_related("centre", "coach", "confirmed_by")
    if permissions.manages_quality(user):
        return visits
    return visits.filter(Q(coach=user) | Q(centre__managers=user)).distinct()


def benchlearning_centres(user: User) -> QuerySet[EmploymentCentre]:
    """Training managers see every centre, cluster leads their clusters', coaches the centres
    they coach, staff their own."""
    if permissions.manages_quality(user):
        return EmploymentCentre.objects.all()
    scope = Q(cluster_id__in=led_cluster_ids(user)) | Q(pk=user.centre_id)
    if permissions.is_coach(user):
        scope |= Q(pk__in=coached_centres(user).values("pk"))
    return EmploymentCentre.objects.filter(scope)


@dataclass
class BenchRow:
    centre: EmploymentCentre
    assessment_id: int | None = None
    assessment_title: str = ""
    closed_at: datetime | None = None
    scores: dict[int, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None
    actions_total: int = 0
    actions_done: int = 0
    coaching_hours: Decimal = Decimal(0)

    @property
    def completion(self) -> int | None:
        if not self.actions_total:
            return None
        return round(100 * self.actions_done / self.actions_total)


@dataclass(frozen=True)
class BenchCriterion:
    number: int
    title_it: str
    title_en: str

    @property
    def title(self) -> str:
        from .models import localized

        return localized(self, "title")


def _count_subquery(queryset: QuerySet[Any], *, group: str, aggregate: Aggregate) -> Subquery:
    return Subquery(
        queryset.order_by().values(group).annotate(result=aggregate).values("result")[:1]
    )


def benchlearning(user: User) -> tuple[list[BenchCriterion], list[BenchRow]]:
    """Each visible centre's latest closed assessment by criterion, plan progress, coaching.

    Two queries whatever the number of centres: the centres with their plans' and
    visits' totals, then the consensus scores of their closed assessments.
    """
    actions = Action.objects.filter(plan__assessment__centre=OuterRef("pk"))
    centres = list(
        benchlearning_centres(user)
        .select_related("cluster")
        .annotate(
            actions_total=_count_subquery(
                actions, group="plan__assessment__centre", aggregate=Count("pk")
            ),
            actions_done=_count_subquery(
                actions.filter(status=Action.Status.DONE),
                group="plan__assessment__centre",
                aggregate=Count("pk"),
            ),
            coaching_hours=_count_subquery(
                CoachingVisit.objects.filter(centre=OuterRef("pk"), confirmed_at__isnull=False),
                group="centre",
                aggregate=Sum("hours"),
            ),
        )
        .order_by("cluster__name", "name")
    )
    rows = {}
    for centre in centres:
        rows[centre.pk] = BenchRow(
            centre,
            actions_total=centre.actions_total or 0,
            actions_done=centre.actions_done or 0,
            coaching_hours=centre.coaching_hours or Decimal(0),
        )
    values = defaultdict(list)
    latest: dict[int, tuple] = {}
    criteria: dict[int, BenchCriterion] = {}
    for (
        assessment_id,
        centre_id,
        closed_at,
        title,
        number,
        title_it,
        title_en,
        value,
    ) in ConsensusEntry.objects.filter(
        assessment__status=Assessment.Status.CLOSED, assessment__centre_id__in=list(rows)
    ).values_list(
        "assessment_id",
        "assessment__centre_id",
        "assessment__closed_at",
        "assessment__title",
        "subcriterion__criterion__number",
        "subcriterion__criterion__title_it",
        "subcriterion__criterion__title_en",
        "value",
    ):
        values[(assessment_id, number)].append(value)
        criteria.setdefault(number, BenchCriterion(number, title_it, title_en))
        if centre_id not in latest or (closed_at, assessment_id) > latest[centre_id][:2]:
            latest[centre_id] = (closed_at, assessment_id, title)
    for centre_id, (closed_at, assessment_id, title) in latest.items():
        row = rows[centre_id]
        row.assessment_id, row.assessment_title, row.closed_at = assessment_id, title, closed_at
        for number in criteria:
            if (assessment_id, number) in values:
                row.scores[number] = scoring.mean(values[(assessment_id, number)])
        if row.scores:
            row.overall = scoring.mean(row.scores.values())
    return sorted(criteria.values(), key=lambda c: c.number), list(rows.values())


def consensus_rows_for(assessment: Assessment, sub: SubCriterion) -> ConsensusRow:
    """One sub-criterion's row of the consensus grid (for its own page)."""

    criterion = sub.criterion
    criterion_proxy = _CriterionProxy(criterion, [sub])
    ((_criterion, rows),) = consensus_rows(assessment, [criterion_proxy], only_sub=sub.pk)
    return rows[0]


class _CriterionProxy:
    """A criterion showing only some of its sub-criteria."""

    def __init__(self, criterion: Criterion, subs: list[SubCriterion]) -> None:
        self._criterion, self._subs = criterion, subs

    def __getattr__(self, name: str) -> Any:
        return getattr(self._criterion, name)

    @property
    def subcriteria(self) -> _SubcriteriaSet:
        subs = self._subs

        class _All:
            def all(self) -> list[SubCriterion]:
                return subs

        return _All()


def coaching_hours(user: User) -> list[tuple[str, Decimal, Decimal]]:
    """Hours of coaching per centre in the visits the person sees: confirmed, and all."""
    totals = (
        visits_for(user)
        .order_by()
        .values("centre_id", "centre__name")
        .annotate(
            all_hours=Sum("hours"),
            confirmed_hours=Sum("hours", filter=Q(confirmed_at__isnull=False)),
        )
        .order_by("centre__name")
    )
    return [
        (row["centre__name"], row["confirmed_hours"] or Decimal(0), row["all_hours"])
        for row in totals
    ]


@dataclass(frozen=True)
class ProgrammeQuality:
    """What a training plan's report says of its self-assessment workshops and their plans."""

    workshops: int
    closed_workshops: int
    participants: int
    with_plan: int
    actions: int
    actions_done: int
    coaching_hours: Decimal

    @property
    def completion(self) -> int | None:
        """The share of the plans' actions done, dropped ones left out (None: no action)."""
        return round(100 * self.actions_done / self.actions) if self.actions else None


def programme_quality(programme: Programme) -> ProgrammeQuality:
    """The plan's workshops (the assessments it counts), in three queries.

    Coaching hours are the confirmed visits to the centres the workshops assessed (all the
    centres of a cluster-wide one) from the first workshop's start on.
    """
    workshops = Assessment.objects.filter(programme=programme).aggregate(
        workshops=Count("pk", distinct=True),
        closed=Count("pk", distinct=True, filter=Q(status=Assessment.Status.CLOSED)),
        participants=Count("members", distinct=True),
        with_plan=Count("plan", distinct=True),
        first_start=Min("starts_on"),
    )
    if not workshops["workshops"]:
        return ProgrammeQuality(0, 0, 0, 0, 0, 0, Decimal(0))
    actions = Action.objects.filter(plan__assessment__programme=programme).aggregate(
        total=Count("pk", filter=~Q(status=Action.Status.DROPPED)),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
    )
    assessed = EmploymentCentre.objects.filter(
        Q(assessments__programme=programme)
        | Q(cluster__assessments__programme=programme, cluster__assessments__centre__isnull=True)
    ).values("pk")
    hours = CoachingVisit.objects.filter(
        confirmed_at__isnull=False, centre__in=assessed, date__gte=workshops["first_start"]
    ).aggregate(hours=Sum("hours"))["hours"]
    return ProgrammeQuality(
        workshops=workshops["workshops"],
        closed_workshops=workshops["closed"],
        participants=workshops["participants"],
        with_plan=workshops["with_plan"],
        actions=actions["total"],
        actions_done=actions["done"],
        coaching_hours=hours or Decimal(0),
    )
