"""Where the year's hours come from: one small function per source.

Each source takes ``(user_ids, year)`` — ``user_ids`` a list of ids or a queryset of
them (``.values("pk")``), ``year`` a calendar year in Italy — and returns a list of
``Line``: one per training of one person in that year, in a FIXED number of queries
(one, for the sources here) whatever the number of people and lines.

The year of a line is its Italian calendar date (``Europe/Rome``): sources reading
dates (a classroom day, an event, the end of external training) compare the date's
year; sources reading moments (a completion time) must compare with ``year_span``,
never with UTC's date, since the Italian day starts one or two hours before UTC's.

To add a source (online activities, SCORM time) write one function and list it in
``SOURCES``; nothing else changes: the record, the dashboard, the managers' views,
the exports and the statement all read ``SOURCES``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Max, Min, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import KEPT_STATUSES, AttendanceRecord
from attendance.selectors import COUNTED_MARK
from learning import selectors as learning_selectors
from packages.selectors import package_outcomes

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
Source = Callable[[UserIds, int], list[Line]]


def year_span(year: int) -> tuple[datetime, datetime]:
    """The first moment of the Italian year and of the next one (aware, ``Europe/Rome``)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)
    return start, datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)


def local_date(moment: datetime) -> date:
    """The Italian calendar day of a moment (23:30 UTC on 31 December is 1 January in Rome)."""
    return timezone.localtime(moment).date()


def classroom_lines(user_ids: UserIds, year: int) -> list[Line]:
    """Hours attended in the registers of held editions, per edition and year. One query.

    An edition across the new year gives a line in each year, with the days of that year.
    Cancelled days count nothing (as everywhere in the register).
    """
    rows = (
        AttendanceRecord.objects.filter(
            COUNTED_MARK,
            user_id__in=user_ids,
            hours__gt=0,
            session__date__gte=date(year, 1, 1),
            session__date__lte=date(year, 12, 31),
            session__edition__status__in=KEPT_STATUSES,
        )
        .values(
            "user_id",
            "session__edition_id",
            "session__edition__code",
            "session__edition__course__code",
            "session__edition__course__title",
            "session__edition__course__slug",
            "session__edition__course__programme__title",
        )
        .annotate(first=Min("session__date"), last=Max("session__date"), hours_sum=Sum("hours"))
        .order_by("last", "session__edition__code")
    )
    return [
        Line(
            user_id=row["user_id"],
            date=row["last"],
            title="{} – {}".format(
                row["session__edition__course__code"], row["session__edition__course__title"]
            ),
            provider=row["session__edition__course__programme__title"],
            hours=row["hours_sum"],
            kind=Kind.CLASSROOM,
            evidence=_("Registro presenze dell'edizione %(code)s")
            % {"code": row["session__edition__code"]},
            url=reverse("courses:course", kwargs={"slug": row["session__edition__course__slug"]}),
        )
        for row in rows
    ]


def event_lines(user_ids: UserIds, year: int) -> list[Line]:
    """Web-channel events attended (registered, and confirmed by the organiser). One query."""
    rows = (
        EventAttendance.objects.filter(
            user_id__in=user_ids,
            event__date__gte=date(year, 1, 1),
            event__date__lte=date(year, 12, 31),
        )
        .values(
            "user_id", "hours", "event__title", "event__date", "event__end_date", "event__venue"
        )
        .order_by("event__date", "event__title")
    )
    return [
        Line(
            user_id=row["user_id"],
            date=row["event__date"],
            title=row["event__title"],
            provider=row["event__venue"],
            hours=row["hours"],
            kind=Kind.EVENT,
            evidence=_("Presenza confermata dall'organizzatore"),
        )
        for row in rows
    ]


def external_lines(user_ids: UserIds, year: int) -> list[Line]:
    """External training approved by the manager (a credential only if it verified). One query.

    It counts in the year it ended.
    """
    rows = (
        ExternalTraining.objects.filter(
            user_id__in=user_ids,
            status=ExternalTraining.Status.APPROVED,
            ends_on__gte=date(year, 1, 1),
            ends_on__lte=date(year, 12, 31),
        )
        .filter(
            Q(evidence=ExternalTraining.Evidence.PDF)
            | Q(credential_verdict=ExternalTraining.CredentialVerdict.VALID)
        )
        .only("pk", "user_id", "ends_on", "title", "provider", "hours", "evidence")
        .order_by("ends_on", "pk")
    )
    return external_lines_of(rows)


def counts_as_external(declaration: ExternalTraining) -> bool:
    """What :func:`external_lines` asks the database for, on a declaration already read."""
    return declaration.status == ExternalTraining.Status.APPROVED and (
        declaration.evidence == ExternalTraining.Evidence.PDF
        or declaration.credential_verdict == ExternalTraining.CredentialVerdict.VALID
    )


def external_lines_of(rows: Iterable[ExternalTraining]) -> list[Line]:
    return [
        Line(
            user_id=row.user_id,
            date=row.ends_on,
            title=row.title,
            provider=row.provider,
            hours=row.hours,
            kind=Kind.EXTERNAL,
            evidence=(
                _("Attestato in PDF approvato dal responsabile")
                if row.evidence == ExternalTraining.Evidence.PDF
                else _("Credenziale Open Badges verificata e approvata")
            ),
            url=reverse("records:declaration", args=[row.pk]),
        )
        for row in rows
    ]


# The sources the record adds up, in this order. The online activities and the SCORM
# packages' time (learning/) will be two more functions here, reading learning.selectors.
def _hours(minutes: int | float) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def online_lines(user_ids: UserIds, year: int) -> list[Line]:
    """Online activities completed on Aula in the year, each credited with its declared
    duration (what the course's authors vouch for, not the minutes a page stayed open).
    One query."""
    start, end = year_span(year)
    return [
        Line(
            user_id=row.user_id,
            date=local_date(row.completed_at),
            title=row.title,
            provider=row.course_title,
            hours=_hours(row.duration_minutes),
            kind=Kind.ONLINE,
            evidence=_("Attività online completata su Aula"),
            url=reverse("courses:course", kwargs={"slug": row.course_slug}),
        )
        for row in learning_selectors.recorded_completions(user_ids=user_ids, start=start, end=end)
    ]


def scorm_lines(user_ids: UserIds, year: int) -> list[Line]:
    """SCORM packages completed, credited with the time the package tracked, capped at the
    activity's declared duration (an idle window left open inflates tracked time), in the
    year of the last access. Five queries."""
    activities = learning_selectors.package_activities()
    if not activities:
        return []
    declared = {
        package_id: (minutes, title, slug) for package_id, minutes, title, slug in activities
    }
    outcomes = package_outcomes(package_ids=list(declared), user_ids=list(user_ids))
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


SOURCES: list[Source] = [classroom_lines, event_lines, external_lines, online_lines, scorm_lines]


def all_lines(user_ids: UserIds, year: int, *, leave_out: Iterable[Source] = ()) -> list[Line]:
    """Every source's lines (but those left out), by date. As many queries as sources."""
    skipped = set(leave_out)
    lines = [line for source in SOURCES if source not in skipped for line in source(user_ids, year)]
    return sorted(lines, key=lambda line: (line.date, line.title))
