"""Reading the yearly record: targets, each person's year, the managers' views.

Every function answers in a fixed number of queries whatever the number of people
and lines: every source and the pending declarations in one query, the targets from the
cache (two queries once per year and change), plus the rows of the view.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from courses.models import Edition, Enrolment
from website.accounts.models import EmploymentCentre, User
from website.core.generations import remember_content
from website.core.prepared import prepared_objects

from .models import (
    ALL_KINDS,
    ExternalTraining,
    ExternalTrainingEvent,
    GroupTarget,
    Kind,
    Statement,
    YearTarget,
)
from .sources import (
    Line,
    UserIds,
    all_lines,
    by_date,
    counts_as_external,
    external_lines,
    external_lines_of,
    lines_and_rows,
    tenths,
)

ZERO = Decimal("0")


def current_year(today: date | None = None) -> int:
    """The year in Italy now (on 31 December at 23:30 UTC it is already the next one)."""
    return (today or timezone.localdate()).year


@dataclass(frozen=True)
class Target:
    hours: Decimal
    counted_kinds: tuple[str, ...]
    group: str = ""  # the group whose target applies, "" for the year's


def default_target(year_target: YearTarget | None) -> Target:
    if year_target is None:
        return Target(Decimal(settings.RECORDS_DEFAULT_TARGET_HOURS), tuple(ALL_KINDS))
    return Target(year_target.hours, tuple(year_target.counted_kinds or ALL_KINDS))


def targets_for(user_ids: Iterable[int], year: int) -> tuple[Target, dict[int, Target]]:
    """The year's target and, per person in a group, the group's.

    A person in several groups of the year gets the lowest of their targets. Both are read
    from the cache (RecordsConfig bumps the content generation whenever a target, a group or
    its members change): two queries once per year and change, none after.
    """
    year_target, memberships = remember_content(f"records.targets:{year}", lambda: _targets(year))
    base = default_target(year_target)
    wanted = set(user_ids)
    groups: dict[int, Target] = {}
    for user_id, hours, name in memberships:
        if user_id not in wanted:
            continue
        if user_id not in groups or hours < groups[user_id].hours:
            groups[user_id] = Target(hours, base.counted_kinds, name)
    return base, groups


def _targets(year: int) -> tuple[YearTarget | None, list[tuple[int, Decimal, str]]]:
    memberships = GroupTarget.members.through.objects.filter(grouptarget__year=year).values_list(
        "user_id", "grouptarget__hours", "grouptarget__name"
    )
    return YearTarget.objects.filter(year=year).first(), list(memberships)


def months_left(year: int, today: date) -> int:
    """Months left to train in ``year``, the current one included (12 for a future year)."""
    if year < today.year:
        return 0
    if year > today.year:
        return 12
    return 13 - today.month


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PersonYear:
    """One person's year: lines, hours that count, the target and the pace."""

    user_id: int
    year: int
    target: Target
    today: date
    lines: list[Line] = field(default_factory=list)
    pending_count: int = 0
    pending_hours: Decimal = ZERO

    @property
    def counted_lines(self) -> list[Line]:
        return [line for line in self.lines if line.kind in self.target.counted_kinds]

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.counted_lines), ZERO)

    @property
    def display_lines(self) -> list[dict]:
        """Each line for a page: its fields, its kind's label and whether it counts."""
        labels = dict(Kind.choices)
        return [
            {
                **line.__dict__,
                "kind_label": labels.get(line.kind, line.kind),
                "counts": line.kind in self.target.counted_kinds,
            }
            for line in self.lines
        ]

    @property
    def hours_by_kind(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in self.counted_lines:
            totals[line.kind] += line.hours
        return dict(totals)

    @property
    def kind_rows(self) -> list[tuple[str | Promise, Decimal]]:
        """(label, hours) per kind with hours, in the kinds' order."""
        totals = self.hours_by_kind
        return [(kind.label, totals[kind.value]) for kind in Kind if kind.value in totals]

    @property
    def percent(self) -> int:
        """Share of the target done, 0–100 (a bar never runs past its end)."""
        if not self.target.hours:
            return 100
        return min(100, int(self.hours * 100 / self.target.hours))

    @property
    def reached(self) -> bool:
        return self.hours >= self.target.hours

    @property
    def missing(self) -> Decimal:
        return max(ZERO, self.target.hours - self.hours)

    @property
    def months_left(self) -> int:
        return months_left(self.year, self.today)

    @property
    def expected_by_now(self) -> Decimal:
        """Hours due by the start of this month to be on pace: the target over the months gone."""
        gone = 12 - self.months_left
        return _one_decimal(self.target.hours * gone / 12)

    @property
    def behind_pace(self) -> bool:
        return not self.reached and self.hours < self.expected_by_now

    @property
    def hours_per_month_needed(self) -> Decimal | None:
        """Hours a month still needed to reach the target by 31 December (None when over)."""
        if self.reached or not self.months_left:
            return None
        return _one_decimal(self.missing / self.months_left)


def pending_declarations(user_ids: UserIds, year: int) -> QuerySet[ExternalTraining]:
    """Declarations of the year waiting for a decision."""
    return ExternalTraining.objects.filter(
        user_id__in=user_ids,
        status=ExternalTraining.Status.PENDING,
        ends_on__year=year,
    )


def _pending_part(user_ids: UserIds, year: int) -> QuerySet[ExternalTraining]:
    """:func:`pending_declarations` as a part of the year's query (its person and hours)."""
    return pending_declarations(user_ids, year).annotate(r_user=F("user_id"), r_hours=F("hours"))


_PENDING = "pending"


def year_records(
    user_ids: UserIds,
    year: int,
    *,
    today: date | None = None,
    declarations: Iterable[ExternalTraining] | None = None,
) -> dict[int, PersonYear]:
    """{user_id: PersonYear} for everyone in ``user_ids``; people with no line included.

    Queries: ONE for every source's lines and the pending declarations together (sources.
    lines_and_rows), none for targets (cached), plus one to read the ids when ``user_ids``
    is a queryset. ``declarations``, when the caller already read every declaration of the
    year of these people, are used instead of reading them again.
    """
    today = today or timezone.localdate()
    ids = (
        list(user_ids.values_list("pk", flat=True))
        if hasattr(user_ids, "values_list")
        else list(user_ids)
    )
    base, groups = targets_for(ids, year)
    if declarations is None:
        lines, rows = lines_and_rows(ids, year, extra={_PENDING: _pending_part})
        pending: dict[int, tuple[int, Decimal]] = {}
        for row in rows[_PENDING]:
            count, hours = pending.get(row.user_id, (0, ZERO))
            pending[row.user_id] = (count + 1, hours + tenths(row.hours))
    else:
        known = [d for d in declarations if d.user_id in ids and d.ends_on.year == year]
        pending = _pending_of(known)
        lines = by_date(
            [
                *all_lines(ids, year, leave_out=[external_lines]),
                *external_lines_of(d for d in known if counts_as_external(d)),
            ]
        )
    records = {
        user_id: PersonYear(
            user_id=user_id,
            year=year,
            target=groups.get(user_id, base),
            today=today,
            pending_count=pending.get(user_id, (0, ZERO))[0],
            pending_hours=pending.get(user_id, (0, ZERO))[1],
        )
        for user_id in ids
    }
    for line in lines:
        records[line.user_id].lines.append(line)
    return records


def _pending_of(declarations: Iterable[ExternalTraining]) -> dict[int, tuple[int, Decimal]]:
    """The pending declarations' count and hours per person, on declarations already read."""
    pending: dict[int, tuple[int, Decimal]] = {}
    for declaration in declarations:
        if declaration.status == ExternalTraining.Status.PENDING:
            count, hours = pending.get(declaration.user_id, (0, ZERO))
            pending[declaration.user_id] = (count + 1, hours + (declaration.hours or ZERO))
    return pending


def person_year(
    user: User,
    year: int,
    *,
    today: date | None = None,
    declarations: Iterable[ExternalTraining] | None = None,
) -> PersonYear:
    """The person's year; ``declarations``: all theirs of the year, if already read."""
    return year_records([user.pk], year, today=today, declarations=declarations)[user.pk]


def declarations_of(user: User, year: int | None = None) -> QuerySet[ExternalTraining]:
    """The person's declarations (of one year, if given), newest first."""
    queryset = ExternalTraining.objects.filter(user=user).select_related("decided_by")
    if year is not None:
        queryset = queryset.filter(ends_on__year=year)
    return queryset.order_by("-ends_on", "-pk")


def declaration_history(declaration: ExternalTraining) -> QuerySet[ExternalTrainingEvent]:
    return declaration.events.select_related("actor").order_by("at", "pk")


def suggestions(
    user: User, year: int, *, today: date | None = None, limit: int = 5
) -> list[Edition]:
    """Upcoming editions open for enrolment that end this year, without a place of the person
    (one query, built once per year and limit)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    if year != today.year:
        return []
    return prepared_objects(
        ("records.suggestions", year, limit),
        partial(_suggestions_query, year=year, limit=limit),
        [user.pk, today, now],
    )


def _suggestions_query(
    user_id: int, today: date, now: datetime, *, year: int, limit: int
) -> QuerySet[Edition]:
    taken = Enrolment.objects.filter(user_id=user_id).exclude(
        status__in=[Enrolment.Status.REFUSED, Enrolment.Status.WITHDRAWN]
    )
    return (
        Edition.objects.open_for_enrolment(now, today=today)
        .filter(ends_on__lte=date(year, 12, 31))
        .exclude(pk__in=taken.values("edition_id"))
        .select_related("course", "cluster")
        .order_by("starts_on", "code")[:limit]
    )


def latest_statement(user: User, year: int) -> Statement | None:
    return Statement.objects.filter(user=user, year=year).order_by("-issued_at", "-pk").first()


# --- The managers' views -------------------------------------------------------------


def staff_of(centres: Iterable[EmploymentCentre]) -> list[User]:
    """Active staff of the centres, by centre and name. One query."""
    return list(
        User.objects.filter(centre__in=centres, is_active=True)
        .select_related("centre")
        .order_by("centre__name", "last_name", "first_name", "pk")
    )


@dataclass
class StaffRow:
    person: User
    record: PersonYear


def centre_year(
    centre: EmploymentCentre, year: int, *, today: date | None = None
) -> list[StaffRow]:
    """The centre's staff, each with their year, in a fixed number of queries."""
    people = staff_of([centre])
    records = year_records([person.pk for person in people], year, today=today)
    return [StaffRow(person, records[person.pk]) for person in people]


@dataclass
class Summary:
    """What a group of people (a centre, a cluster, all) adds up to in a year."""

    pk: int | None
    name: str
    cluster_name: str = ""
    code: str = ""
    staff: int = 0
    hours: Decimal = ZERO
    reached: int = 0
    behind: int = 0
    pending: int = 0
    shows_staff: bool = False  # set by the overview for the centres whose staff it lists

    @property
    def average(self) -> Decimal:
        return _one_decimal(self.hours / self.staff) if self.staff else ZERO

    @property
    def reached_percent(self) -> float:
        return self.reached * 100 / self.staff if self.staff else 0.0

    def add(self, record: PersonYear) -> None:
        self.staff += 1
        self.hours += record.hours
        self.reached += record.reached
        self.behind += record.behind_pace
        self.pending += record.pending_count


@dataclass
class RegionYear:
    clusters: list[Summary]
    centres: list[Summary]
    total: Summary


def region_year(
    centres: QuerySet[EmploymentCentre], year: int, *, today: date | None = None
) -> RegionYear:
    """Per cluster and per centre of ``centres``, and in total. Fixed queries."""
    ordered = list(centres.select_related("cluster").order_by("cluster__name", "name"))
    by_centre = {
        centre.pk: Summary(centre.pk, centre.name, centre.cluster.name, centre.code)
        for centre in ordered
    }
    by_cluster: dict[int, Summary] = {}
    for centre in ordered:
        by_cluster.setdefault(centre.cluster_id, Summary(centre.cluster_id, centre.cluster.name))
    staff = list(
        User.objects.filter(centre__in=ordered, is_active=True).values_list("pk", "centre_id")
    )
    records = year_records([pk for pk, _centre in staff], year, today=today)
    total = Summary(None, "")
    cluster_of = {centre.pk: centre.cluster_id for centre in ordered}
    for pk, centre_id in staff:
        record = records[pk]
        by_centre[centre_id].add(record)
        by_cluster[cluster_of[centre_id]].add(record)
        total.add(record)
    return RegionYear(list(by_cluster.values()), list(by_centre.values()), total)
