"""Where the year's hours come from: one small source per kind, read together in one query.

Each source takes ``(user_ids, year)`` — ``user_ids`` a list of ids or a queryset of
them (``.values("pk")``), ``year`` a calendar year in Italy — in two steps: ``rows`` is
its part of the year's query (a queryset annotated with some of the ``ROW`` columns, the
rules of what counts staying with the app that owns the data), and ``lines`` turns its
rows into ``Line``: one per training of one person in that year. :func:`all_lines` reads
every source's rows with ONE query (``UNION ALL``), whatever the number of people, lines
and sources; a source called alone costs one query too. (SCORM's outcomes, the packages'
own rules, take five more, only when its rows show someone used a package in the year.)

The year of a line is its Italian calendar date (``Europe/Rome``): sources reading
dates (a classroom day, an event, the end of external training) compare the date's
year; sources reading moments (a completion time) must compare with ``year_span``,
never with UTC's date, since the Italian day starts one or two hours before UTC's.

To add a source (another kind of online time) write its ``rows`` and ``lines`` and list
it in ``SOURCES``; nothing else changes: the record, the dashboard, the managers' views,
the exports and the statement all read ``SOURCES``.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import KEPT_STATUSES, AttendanceRecord
from attendance.selectors import COUNTED_MARK
from learning import selectors as learning_selectors
from packages import selectors as package_selectors
from website.core.prepared import prepared_rows

from .models import EventAttendance, ExternalTraining, Kind


@dataclass(frozen=True)
class Line:
    """One training of one person in one year, as the record, exports and statement show it."""

    user_id: int
    date: date  # the (last) Italian calendar day of the training in the year
    title: str
    provider: str
    hours: Decimal
    kind: str  # a records.models.Kind value
    evidence: str  # what proves it, in words
    url: str = field(default="", compare=False)  # where the evidence is seen (may be "")


UserIds = Iterable[int] | QuerySet


class Row(NamedTuple):
    """One row of the year's query: each source fills the columns it needs, NULL elsewhere."""

    source: str  # the source's name
    user_id: int
    day: date | None
    moment: datetime | None
    title: str | None
    provider: str | None
    code: str | None
    slug: str | None
    hours: Decimal | None
    minutes: int | None
    number: int | None


# The columns of every part of the union, in order, with their type: each cast to it
# (PostgreSQL types a UNION column from all its parts, SQLite from the first part), and a
# typed NULL where a source has nothing to say.
ROW: dict[str, models.Field] = {
    "r_source": models.CharField(),
    "r_user": models.BigIntegerField(),
    "r_day": models.DateField(),
    "r_moment": models.DateTimeField(),
    "r_title": models.CharField(),
    "r_provider": models.CharField(),
    "r_code": models.CharField(),
    "r_slug": models.CharField(),
    "r_hours": models.DecimalField(max_digits=9, decimal_places=2),
    "r_minutes": models.IntegerField(),
    "r_number": models.BigIntegerField(),
}
_MOMENT_TYPES = {"r_day", "r_moment"}


def shaped(queryset: QuerySet, tag: str) -> QuerySet:
    """``queryset`` (annotated with some ``ROW`` columns) as a part of the year's union.

    Dates and moments keep their own type (SQLite's CAST to a moment drops microseconds);
    every other column is cast, and the missing ones are typed NULLs.
    """
    given = queryset.query.annotations
    missing: dict[str, Any] = {"r_source": Cast(Value(tag), output_field=ROW["r_source"])}
    casts: dict[str, Any] = {}
    for name, output_field in ROW.items():
        if name == "r_source":
            continue
        if name not in given:
            missing[name] = Cast(Value(None), output_field=output_field)
        elif name not in _MOMENT_TYPES:
            casts[f"{name}_cast"] = Cast(name, output_field=output_field)
    shaped_queryset = queryset.annotate(**missing, **casts).order_by()
    columns = [f"{name}_cast" if f"{name}_cast" in casts else name for name in ROW]
    return shaped_queryset.values_list(*columns)


def _union(parts: Sequence[QuerySet]) -> QuerySet:
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def _by_source(values: Iterable[tuple]) -> dict[str, list[Row]]:
    by_source: dict[str, list[Row]] = defaultdict(list)
    for value in values:
        row = Row(*value)
        by_source[row.source].append(row)
    return by_source


def read_rows(parts: Sequence[QuerySet]) -> dict[str, list[Row]]:
    """The rows of every part (each made by :func:`shaped`), by source: one query."""
    if not parts:
        return defaultdict(list)
    return _by_source(_union(parts))


@dataclass(frozen=True)
class Source:
    """A source of hours: its part of the year's query and how its rows become lines."""

    name: str
    rows: Callable[[UserIds, int], QuerySet]
    lines: Callable[[list[Row], int], list[Line]]

    def part(self, user_ids: UserIds, year: int) -> QuerySet:
        return shaped(self.rows(user_ids, year), self.name)

    def __call__(self, user_ids: UserIds, year: int) -> list[Line]:
        """This source's lines alone (one query; :func:`all_lines` reads them all in one)."""
        return self.lines(read_rows([self.part(user_ids, year)])[self.name], year)


def year_span(year: int) -> tuple[datetime, datetime]:
    """The first moment of the Italian year and of the next one (aware, ``Europe/Rome``)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)
    return start, datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)


def local_date(moment: datetime) -> date:
    """The Italian calendar day of a moment (23:30 UTC on 31 December is 1 January in Rome)."""
    return timezone.localtime(moment).date()


def tenths(hours: Decimal | None) -> Decimal:
    """Hours as the registers and declarations keep them: to the tenth (the union's column
    is wider, and SQLite gives back a float's digits)."""
    return Decimal(hours or 0).quantize(Decimal("0.1"))


def _hours(minutes: int | float) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


# --- Classroom: the registers of held editions ---------------------------------------


def _classroom_rows(user_ids: UserIds, year: int) -> QuerySet:
    """Hours attended per person and edition in the year's days; cancelled days count
    nothing (as everywhere in the register)."""
    course = "session__edition__course"
    return (
        AttendanceRecord.objects.filter(
            COUNTED_MARK,
            user_id__in=user_ids,
            hours__gt=0,
            session__date__gte=date(year, 1, 1),
            session__date__lte=date(year, 12, 31),
            session__edition__status__in=KEPT_STATUSES,
        )
        .values("user_id", "session__edition_id")
        .annotate(
            r_user=models.F("user_id"),
            r_day=Max("session__date"),
            r_title=Concat(
                f"{course}__code",
                Value(" – "),
                f"{course}__title",
                output_field=models.CharField(),
            ),
            r_provider=models.F(f"{course}__programme__title"),
            r_code=models.F("session__edition__code"),
            r_slug=models.F(f"{course}__slug"),
            r_hours=Sum("hours"),
        )
    )


def _classroom_lines(rows: list[Row], year: int) -> list[Line]:
    return [
        Line(
            user_id=row.user_id,
            date=row.day,
            title=row.title or "",
            provider=row.provider or "",
            hours=tenths(row.hours),
            kind=Kind.CLASSROOM,
            evidence=_("Registro presenze dell'edizione %(code)s") % {"code": row.code},
            url=reverse("courses:course", kwargs={"slug": row.slug}),
        )
        for row in sorted(rows, key=lambda row: (row.day, row.code))
        if row.day is not None
    ]


classroom_lines = Source("classroom_lines", _classroom_rows, _classroom_lines)
"""Hours attended in the registers of held editions, per edition and year.

An edition across the new year gives a line in each year, with the days of that year.
"""


# --- Events of the web channel -------------------------------------------------------


def _event_rows(user_ids: UserIds, year: int) -> QuerySet:
    """Events attended (registered, and confirmed by the organiser) in the year."""
    return EventAttendance.objects.filter(
        user_id__in=user_ids,
        event__date__gte=date(year, 1, 1),
        event__date__lte=date(year, 12, 31),
    ).annotate(
        r_user=models.F("user_id"),
        r_day=models.F("event__date"),
        r_title=models.F("event__title"),
        r_provider=models.F("event__venue"),
        r_hours=models.F("hours"),
    )


def _event_lines(rows: list[Row], year: int) -> list[Line]:
    return [
        Line(
            user_id=row.user_id,
            date=row.day,
            title=row.title or "",
            provider=row.provider or "",
            hours=tenths(row.hours),
            kind=Kind.EVENT,
            evidence=_("Presenza confermata dall'organizzatore"),
        )
        for row in sorted(rows, key=lambda row: (row.day, row.title))
        if row.day is not None
    ]


event_lines = Source("event_lines", _event_rows, _event_lines)


# --- External training, declared and approved ----------------------------------------


def counted_external(user_ids: UserIds, year: int) -> QuerySet[ExternalTraining]:
    """External training approved by the manager (a credential only if it verified), in
    the year it ended."""
    return ExternalTraining.objects.filter(
        Q(evidence=ExternalTraining.Evidence.PDF)
        | Q(credential_verdict=ExternalTraining.CredentialVerdict.VALID),
        user_id__in=user_ids,
        status=ExternalTraining.Status.APPROVED,
        ends_on__gte=date(year, 1, 1),
        ends_on__lte=date(year, 12, 31),
    )


def _external_rows(user_ids: UserIds, year: int) -> QuerySet:
    return counted_external(user_ids, year).annotate(
        r_user=models.F("user_id"),
        r_day=models.F("ends_on"),
        r_title=models.F("title"),
        r_provider=models.F("provider"),
        r_code=models.F("evidence"),
        r_hours=models.F("hours"),
        r_number=models.F("pk"),
    )


def _external_line(
    *,
    pk: int,
    user_id: int,
    ends_on: date,
    title: str,
    provider: str,
    hours: Decimal,
    evidence: str,
) -> Line:
    return Line(
        user_id=user_id,
        date=ends_on,
        title=title,
        provider=provider,
        hours=hours,
        kind=Kind.EXTERNAL,
        evidence=(
            _("Attestato in PDF approvato dal responsabile")
            if evidence == ExternalTraining.Evidence.PDF
            else _("Credenziale Open Badges verificata e approvata")
        ),
        url=reverse("records:declaration", args=[pk]),
    )


def _external_lines(rows: list[Row], year: int) -> list[Line]:
    return [
        _external_line(
            pk=row.number or 0,
            user_id=row.user_id,
            ends_on=row.day,
            title=row.title or "",
            provider=row.provider or "",
            hours=tenths(row.hours),
            evidence=row.code or "",
        )
        for row in sorted(rows, key=lambda row: (row.day, row.number))
        if row.day is not None
    ]


external_lines = Source("external_lines", _external_rows, _external_lines)


def counts_as_external(declaration: ExternalTraining) -> bool:
    """What :func:`counted_external` asks the database for, on a declaration already read."""
    return declaration.status == ExternalTraining.Status.APPROVED and (
        declaration.evidence == ExternalTraining.Evidence.PDF
        or declaration.credential_verdict == ExternalTraining.CredentialVerdict.VALID
    )


def external_lines_of(rows: Iterable[ExternalTraining]) -> list[Line]:
    """:func:`external_lines` on declarations already read (that count)."""
    return [
        _external_line(
            pk=row.pk,
            user_id=row.user_id,
            ends_on=row.ends_on,
            title=row.title,
            provider=row.provider,
            hours=row.hours,
            evidence=row.evidence,
        )
        for row in rows
    ]


# --- Online activities completed on Aula ---------------------------------------------


def _online_rows(user_ids: UserIds, year: int) -> QuerySet:
    start, end = year_span(year)
    return learning_selectors.recorded_completions(
        user_ids=user_ids, start=start, end=end
    ).annotate(
        r_user=models.F("user_id"),
        r_moment=models.F("completed_at"),
        r_title=models.F("activity__title"),
        r_provider=models.F("activity__section__course__title"),
        r_slug=models.F("activity__section__course__slug"),
        r_minutes=models.F("activity__duration_minutes"),
        r_number=models.F("pk"),
    )


def _online_lines(rows: list[Row], year: int) -> list[Line]:
    return [
        Line(
            user_id=row.user_id,
            date=local_date(row.moment),
            title=row.title or "",
            provider=row.provider or "",
            hours=_hours(row.minutes or 0),
            kind=Kind.ONLINE,
            evidence=_("Attività online completata su Aula"),
            url=reverse("courses:course", kwargs={"slug": row.slug}),
        )
        for row in sorted(rows, key=lambda row: (row.moment, row.number))
        if row.moment is not None
    ]


online_lines = Source("online_lines", _online_rows, _online_lines)
"""Online activities completed on Aula in the year, each credited with its declared
duration (what the course's authors vouch for, not the minutes a page stayed open)."""


# --- SCORM packages ------------------------------------------------------------------


def _scorm_rows(user_ids: UserIds, year: int) -> QuerySet:
    """Who used a package in the year (a package's outcome is worked out only for them)."""
    start, end = year_span(year)
    return (
        package_selectors.attempts_accessed(user_ids=user_ids, start=start, end=end)
        .values("user_id", "package_id")
        .annotate(r_user=models.F("user_id"), r_number=models.F("package_id"))
    )


def _scorm_lines(rows: list[Row], year: int) -> list[Line]:
    """Packages completed, credited with the time the package tracked, capped at the
    activity's declared duration (an idle window left open inflates tracked time), in the
    year of the last access. Nothing more to read without rows; five queries with some
    (the packages' own rules, in packages.selectors)."""
    if not rows:
        return []
    activities = learning_selectors.package_activities()
    if not activities:
        return []
    declared = {
        package_id: (minutes, title, slug) for package_id, minutes, title, slug in activities
    }
    outcomes = package_selectors.package_outcomes(
        package_ids=list(declared), user_ids={row.user_id for row in rows}
    )
    start, end = year_span(year)
    lines = []
    for (package_id, user_id), outcome in sorted(outcomes.items()):
        last = outcome.last_access
        if not outcome.completed or last is None or not start <= last < end:
            continue
        minutes, title, slug = declared[package_id]
        tracked = outcome.seconds_spent / 60
        lines.append(
            Line(
                user_id=user_id,
                date=local_date(last),
                title=title,
                provider=_("Pacchetto e-learning"),
                hours=_hours(min(tracked, minutes)),
                kind=Kind.SCORM,
                evidence=_("Tempo registrato dal pacchetto SCORM"),
                url=reverse("courses:course", kwargs={"slug": slug}),
            )
        )
    return lines


scorm_lines = Source("scorm_lines", _scorm_rows, _scorm_lines)


# The sources the record adds up, in this order.
SOURCES: list[Source] = [classroom_lines, event_lines, external_lines, online_lines, scorm_lines]


def by_date(lines: Iterable[Line]) -> list[Line]:
    return sorted(lines, key=lambda line: (line.date, line.title))


RowsOf = Callable[[UserIds, int], QuerySet]


def lines_and_rows(
    user_ids: UserIds,
    year: int,
    *,
    leave_out: Iterable[Source] = (),
    extra: Mapping[str, RowsOf] | None = None,
) -> tuple[list[Line], dict[str, list[Row]]]:
    """Every source's lines (but those left out), by date, and the rows of ``extra`` (other
    parts, by name: functions of ``(user_ids, year)`` giving a queryset annotated with
    ``ROW`` columns, like a source's ``rows``): one query.

    With a list of ids the query is built once per year, number of people and parts, and
    only run after (``website.core.prepared``): the ORM's work on its six parts costs ten
    times what the database takes to answer for one person.
    """
    skipped = set(leave_out)
    sources = [source for source in SOURCES if source not in skipped]
    extra = extra or {}

    def union(ids: UserIds) -> QuerySet:
        parts = [source.part(ids, year) for source in sources]
        parts += [shaped(rows_of(ids, year), name) for name, rows_of in extra.items()]
        return _union(parts)

    if isinstance(user_ids, QuerySet):
        rows = _by_source(union(user_ids))
    else:
        key = ("records.lines_and_rows", year, *(s.name for s in sources), *extra)
        rows = _by_source(prepared_rows(key, lambda *ids: union(list(ids)), list(user_ids)))
    lines = [line for source in sources for line in source.lines(rows[source.name], year)]
    return by_date(lines), {name: rows[name] for name in extra}


def all_lines(user_ids: UserIds, year: int, *, leave_out: Iterable[Source] = ()) -> list[Line]:
    """Every source's lines (but those left out), by date. One query (and SCORM's own when
    someone used a package in the year)."""
    return lines_and_rows(user_ids, year, leave_out=leave_out)[0]
