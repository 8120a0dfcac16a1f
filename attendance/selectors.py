"""Read-only questions about attendance that pages, reports and certificates ask.

Each answers in a fixed number of queries, whatever the size of the register.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.hooks import with_enrolment_fields
from courses.models import Edition, Enrolment, Session
from courses.selectors import known_enrolments, session_hours_subquery
from website.accounts.types import User
from website.core.memo import remember
from website.core.prepared import prepared_rows

from .models import (
    KEPT_STATUSES,
    NO_HOURS_STATUSES,
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    RegisterClosure,
    RegisterEvent,
)


@dataclass(frozen=True)
class Attendance:
    """What one participant attended of one edition."""

    user_id: int
    attended_hours: Decimal
    total_hours: Decimal
    days_attended: int
    days_excused: int

    @property
    def share(self) -> Decimal:
        """Attended hours over the edition's hours, 0–100 (two decimals)."""
        if not self.total_hours:
            return Decimal("0")
        return (self.attended_hours * 100 / self.total_hours).quantize(Decimal("0.01"))


# Marks of cancelled days are kept but count no hours: neither attended nor required.
COUNTED_MARK = Q(session__cancelled_at__isnull=True)
# The same, seen from a person (``user__attendance__…``).
_COUNTED = {"user__attendance__session__cancelled_at__isnull": True}


def _edition_hours_query(edition_id: int) -> QuerySet[Session, Decimal]:
    """The hours of every classroom day of the edition that is not cancelled, as one row
    (none for an edition without days)."""
    return (
        Session.objects.filter(edition_id=edition_id)
        .not_cancelled()
        .values("edition_id")
        .annotate(total=Sum("hours"))
        .values_list("total", flat=True)
    )


def _edition_attendance_query(edition_id: int) -> QuerySet[Enrolment, Any]:
    return (
        Enrolment.objects.filter(edition_id=edition_id, status=Enrolment.Status.APPROVED)
        .values("user_id")
        .annotate(
            attended=Sum(
                "user__attendance__hours",
                filter=Q(user__attendance__session__edition_id=edition_id, **_COUNTED),
            ),
            days=Count(
                "user__attendance",
                filter=Q(
                    user__attendance__session__edition_id=edition_id,
                    user__attendance__hours__gt=0,
                    **_COUNTED,
                ),
            ),
            excused=Count(
                "user__attendance",
                filter=Q(
                    user__attendance__session__edition_id=edition_id,
                    user__attendance__status="excused",
                    **_COUNTED,
                ),
            ),
        )
        .values_list("user_id", "attended", "days", "excused")
    )


def edition_attendance(edition: Edition) -> dict[int, Attendance]:
    """Per confirmed participant of the edition (by user id), what they attended.

    Participants with no record yet count zero hours. Two queries, built once per process
    (``website.core.prepared``): a bulk issue of certificates asks this of every edition.
    """
    hours = prepared_rows("attendance.edition_hours", _edition_hours_query, [edition.pk])
    total = (hours[0][0] if hours else None) or Decimal("0")
    rows = prepared_rows("attendance.edition_attendance", _edition_attendance_query, [edition.pk])
    return {
        user_id: Attendance(
            user_id=user_id,
            attended_hours=attended or Decimal("0"),
            total_hours=total,
            days_attended=days,
            days_excused=excused,
        )
        for user_id, attended, days, excused in rows
    }


def register_is_closed(edition: Edition) -> bool:
    return RegisterClosure.objects.filter(edition=edition).exists()


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows ``queryset`` has, as a subquery of a larger query."""
    counted = queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted.values("counted")[:1]), 0, output_field=IntegerField())


def missing_marks(edition: Edition, *, started_by: datetime | None = None) -> int:
    """How many (participant, day) pairs of the edition have no mark yet. One query.

    With ``started_by`` (a moment), only the days that have started by then count:
    a day still to come has nothing to mark yet.
    """
    participants = Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED)
    days = Session.objects.filter(edition=edition).not_cancelled()
    if started_by is not None:
        local = timezone.localtime(started_by)
        days = days.filter(
            Q(date__lt=local.date()) | Q(date=local.date(), starts_at__lte=local.time())
        )
    marked = AttendanceRecord.objects.filter(
        COUNTED_MARK, session__in=days, user__in=participants.values("user")
    )
    people, day_count, marked_count = (
        Edition.objects.filter(pk=edition.pk)
        .annotate(people=_count(participants), days=_count(days), marked=_count(marked))
        .values_list("people", "days", "marked")
        .get()
    )
    return int(people * day_count - marked_count)


def records_of(edition: Edition) -> QuerySet[AttendanceRecord]:
    """Every record of the edition's days, with its day and participant."""
    return AttendanceRecord.objects.filter(session__edition=edition).select_related(
        "session", "user"
    )


# --- The register's pages ------------------------------------------------------------
#
# Each function below reads a fixed number of queries, whatever the number of
# participants, days or changes.


@dataclass
class GridRow:
    """One participant's line of the register: a cell per day and the totals."""

    enrolment: Enrolment
    cells: list[AttendanceRecord | None]
    attendance: Attendance
    threshold: Decimal

    @property
    def user(self) -> User:
        return self.enrolment.user

    @property
    def reaches_threshold(self) -> bool:
        return self.attendance.share >= self.threshold


@dataclass
class Grid:
    """An edition's register: participants × days."""

    edition: Edition
    sessions: list[Session]
    rows: list[GridRow]
    total_hours: Decimal
    threshold: Decimal

    @property
    def reaching_count(self) -> int:
        return sum(row.reaches_threshold for row in self.rows)

    @property
    def threshold_hours(self) -> Decimal:
        return (self.total_hours * self.threshold / 100).quantize(Decimal("0.1"))


def confirmed_participants(edition: Edition | int) -> QuerySet[Enrolment]:
    """The edition's confirmed places, by name, with each person's centre."""
    return (
        Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED)
        .select_related("user", "user__centre")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )


def register_grid(edition: Edition, *, today: date | None = None) -> Grid:
    """The whole register of an edition in three queries (days, places, records).

    Each day says whether it ``is_held`` (today or before), ``is_today``, and
    how many participants are still ``unmarked``. A cancelled day keeps its
    cells but counts in no total.
    """
    today = today or timezone.localdate()
    sessions = list(
        Session.objects.filter(edition=edition)
        .select_related("teacher")
        .order_by("date", "starts_at", "pk")
    )
    enrolments = list(confirmed_participants(edition))
    records = {
        (record.session_id, record.user_id): record
        for record in AttendanceRecord.objects.filter(
            session__edition=edition, user__in=[e.user_id for e in enrolments]
        )
    }
    total = sum((s.hours for s in sessions if not s.is_cancelled), Decimal("0"))
    threshold = edition.course.attendance_threshold
    rows = []
    for enrolment in enrolments:
        cells = [records.get((session.pk, enrolment.user_id)) for session in sessions]
        marked = [
            cell
            for cell, session in zip(cells, sessions, strict=True)
            if cell is not None and not session.is_cancelled
        ]
        rows.append(
            GridRow(
                enrolment=enrolment,
                cells=cells,
                attendance=Attendance(
                    user_id=enrolment.user_id,
                    attended_hours=sum((cell.hours for cell in marked), Decimal("0")),
                    total_hours=total,
                    days_attended=sum(cell.counts_as_attended for cell in marked),
                    days_excused=sum(cell.status == "excused" for cell in marked),
                ),
                threshold=threshold,
            )
        )
    for index, session in enumerate(sessions):
        session.is_held = session.date <= today
        session.is_today = session.date == today
        session.unmarked = (
            0 if session.is_cancelled else sum(row.cells[index] is None for row in rows)
        )
    return Grid(edition, sessions, rows, total, threshold)


def day_register(session: Session) -> list[tuple[Enrolment, AttendanceRecord | None]]:
    """The confirmed participants of the day's edition, each with their mark (or None)."""
    enrolments = list(confirmed_participants(session.edition_id))
    records = {
        record.user_id: record
        for record in AttendanceRecord.objects.filter(
            session=session, user__in=[e.user_id for e in enrolments]
        )
    }
    return [(enrolment, records.get(enrolment.user_id)) for enrolment in enrolments]


def register_changes(edition: Edition) -> QuerySet[AttendanceChange]:
    """The history of an edition's register, newest first."""
    return (
        AttendanceChange.objects.filter(session__edition=edition)
        .select_related("session", "participant", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def register_events(edition: Edition) -> QuerySet[RegisterEvent]:
    """When the register was closed and reopened, by whom and why, newest first."""
    return RegisterEvent.objects.filter(edition=edition).select_related("by").order_by("-at", "-pk")


# --- The dashboard ---------------------------------------------------------------------


def attended_hours_subquery(edition: str = "edition", user: str = "user") -> Coalesce:
    """Hours the person at ``OuterRef(user)`` attended in the edition at ``OuterRef(edition)``."""
    return Coalesce(
        Subquery(
            AttendanceRecord.objects.filter(
                COUNTED_MARK, session__edition=OuterRef(edition), user=OuterRef(user)
            )
            .values("user")
            .annotate(total=Sum("hours"))
            .values("total"),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


def held_hours_subquery(edition: str = "edition", *, today: date) -> Coalesce:
    """Hours of the days of the edition at ``OuterRef(edition)`` held by ``today`` (cancelled
    days count none)."""
    hours: DecimalField[Decimal, Decimal] = DecimalField(max_digits=8, decimal_places=1)
    return Coalesce(
        Subquery(
            Session.objects.filter(
                edition=OuterRef(edition), date__lte=today, cancelled_at__isnull=True
            )
            .values("edition")
            .annotate(total=Sum("hours"))
            .values("total"),
            output_field=hours,
        ),
        Value(Decimal("0")),
        output_field=hours,
    )


def place_hours(enrolments: QuerySet[Enrolment], *, today: date) -> QuerySet[Enrolment]:
    """``enrolments`` with ``attended`` (hours attended), ``held`` (hours of the days held by
    ``today``), ``total`` (hours of every day) and ``days_attended``: registered for
    ``courses.hooks.ENROLMENT_FIELDS``, so the pages of courses read them with the enrolments."""
    # The dashboard's enrolments carry the edition's hours already (courses' ``total_hours``).
    given = enrolments.query.annotations.get("total_hours")
    return enrolments.annotate(
        attended=attended_hours_subquery(),
        held=held_hours_subquery(today=today),
        total=F("total_hours") if given is not None else session_hours_subquery("edition"),
        days_attended=Coalesce(
            Subquery(
                AttendanceRecord.objects.filter(
                    COUNTED_MARK,
                    session__edition=OuterRef("edition"),
                    user=OuterRef("user"),
                    hours__gt=0,
                )
                .values("user")
                .annotate(days=Count("pk"))
                .values("days"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


def _is_place(enrolment: Enrolment) -> bool:
    return (
        enrolment.status == Enrolment.Status.APPROVED
        and enrolment.edition.status != Edition.Status.CANCELLED
    )


def confirmed_places(
    user: User, *, today: date, course_ids: Iterable[int] | None = None
) -> list[Enrolment]:
    """The person's confirmed places in editions not cancelled (in the courses ``course_ids``
    when given), soonest edition first.

    Each place carries what :func:`place_hours` annotates and its edition the course (and what
    other apps registered for ``courses.hooks.ENROLMENT_FIELDS``). No query when the page has
    read the person's enrolments already (``courses.selectors.known_enrolments``: the dashboard,
    the course page), else one; read once per request: the dashboard's attendance history and
    the online progress (``learning.selectors.learner_places``) share it.
    """
    ids = None if course_ids is None else tuple(sorted(set(course_ids)))

    def read() -> list[Enrolment]:
        if ids is None:
            known = known_enrolments(user, today=today)
        else:
            in_courses = [known_enrolments(user, today=today, course_id=pk) for pk in ids]
            known = None if None in in_courses else [e for part in in_courses if part for e in part]
        if known is not None:
            places = [enrolment for enrolment in known if _is_place(enrolment)]
            return sorted(places, key=lambda place: (place.edition.starts_on, place.pk))
        enrolments = Enrolment.objects.filter(user=user, status=Enrolment.Status.APPROVED)
        if ids is not None:
            enrolments = enrolments.filter(edition__course_id__in=ids)
        return list(
            with_enrolment_fields(
                enrolments.exclude(edition__status=Edition.Status.CANCELLED).select_related(
                    "edition", "edition__course"
                ),
                today=today,
            ).order_by("edition__starts_on", "pk")
        )

    return remember(("attendance.confirmed_places", user.pk, today, ids), read)


def my_attendance(user: User, *, today: date | None = None) -> list[tuple[Enrolment, Attendance]]:
    """The person's confirmed places in editions under way or over, with what they attended,
    latest edition first.

    From :func:`confirmed_places`: one query, whatever the number of places.
    """
    today = today or timezone.localdate()
    places = [
        place
        for place in confirmed_places(user, today=today)
        if place.edition.starts_on <= today and place.edition.status in KEPT_STATUSES
    ]
    places.sort(key=lambda place: place.edition.code)
    places.sort(key=lambda place: place.edition.starts_on, reverse=True)
    return [
        (
            place,
            Attendance(
                user_id=place.user_id,
                attended_hours=place.attended,  # type: ignore[attr-defined]
                total_hours=place.total,  # type: ignore[attr-defined]
                days_attended=place.days_attended,  # type: ignore[attr-defined]
                days_excused=0,
            ),
        )
        for place in places
    ]


@dataclass(frozen=True)
class DayCourse:
    code: str
    title: str


@dataclass(frozen=True)
class DayEdition:
    code: str
    self_checkin_enabled: bool
    course: DayCourse


@dataclass(frozen=True)
class DayToday:
    """A day of today as the dashboard shows it: what it reads of the day, its edition and
    course, the person's mark (``mark_status`` None while nothing is in the register;
    ``marked_at`` in local time) and, for a day taught, ``marked`` (marks in the register)
    and ``places`` (confirmed places)."""

    pk: int
    starts_at: time
    ends_at: time
    edition: DayEdition
    for_checkin: bool
    for_teaching: bool
    mark_status: str | None
    mark_status_label: str
    mark_counts: bool
    mark_hours: Decimal | None
    marked_at: datetime | None
    marked: int
    places: int | None


@dataclass(frozen=True)
class DaysToday:
    """The person's days today: where they may check in (each with the mark already made, if
    any) and the days of the editions they teach (each with how many are marked)."""

    checkin: list[DayToday]
    taught: list[DayToday]


def _days_today_query(user_id: int, today: date) -> QuerySet:
    mark = AttendanceRecord.objects.filter(session=OuterRef("pk"), user_id=user_id)
    placed = Enrolment.objects.filter(
        edition=OuterRef("edition"), user_id=user_id, status=Enrolment.Status.APPROVED
    )
    teaching = Edition.teachers.through.objects.filter(edition=OuterRef("edition"), user_id=user_id)
    closed = RegisterClosure.objects.filter(edition=OuterRef("edition"))
    checks_in = Q(
        Exists(placed),
        ~Exists(closed),
        edition__self_checkin_enabled=True,
        edition__status=Edition.Status.SCHEDULED,
    )
    teaches = Q(Exists(teaching), edition__status__in=KEPT_STATUSES)
    return (
        Session.objects.filter(Q(date=today, cancelled_at__isnull=True) & (checks_in | teaches))
        .annotate(
            for_checkin=ExpressionWrapper(checks_in, output_field=BooleanField()),
            for_teaching=ExpressionWrapper(teaches, output_field=BooleanField()),
            mark_status=Subquery(mark.values("status")[:1]),
            mark_hours=Subquery(mark.values("hours")[:1]),
            marked_at=Subquery(mark.values("updated_at")[:1]),
            marked=Coalesce(
                Subquery(
                    AttendanceRecord.objects.filter(session=OuterRef("pk"))
                    .values("session")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            places=Subquery(
                Enrolment.objects.filter(
                    edition=OuterRef("edition"), status=Enrolment.Status.APPROVED
                )
                .values("edition")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
        )
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "starts_at",
            "ends_at",
            "edition__code",
            "edition__self_checkin_enabled",
            "edition__course__code",
            "edition__course__title",
            "for_checkin",
            "for_teaching",
            "mark_status",
            "mark_hours",
            "marked_at",
            "marked",
            "places",
        )
    )


def days_today(user: User, *, today: date | None = None) -> DaysToday:
    """Today's days where the person may check in, and today's days of the editions they teach.

    One query, built once (``website.core.prepared``): a day to check in to carries the mark
    already made, so the dashboard keeps saying "registered at 9:05" after the check-in.
    """
    today = today or timezone.localdate()
    labels = dict(AttendanceStatus.choices)
    rows = prepared_rows("attendance.days_today", _days_today_query, [user.pk, today])
    days = []
    for (
        pk,
        starts_at,
        ends_at,
        edition_code,
        self_checkin,
        course_code,
        course_title,
        for_checkin,
        for_teaching,
        mark_status,
        mark_hours,
        marked_at,
        marked,
        places,
    ) in rows:
        days.append(
            DayToday(
                pk=pk,
                starts_at=starts_at,
                ends_at=ends_at,
                edition=DayEdition(
                    edition_code, self_checkin, DayCourse(course_code, course_title)
                ),
                for_checkin=for_checkin,
                for_teaching=for_teaching,
                mark_status=mark_status,
                mark_status_label=str(labels.get(mark_status, "")).lower(),
                mark_counts=mark_status is not None and mark_status not in NO_HOURS_STATUSES,
                mark_hours=mark_hours,
                marked_at=timezone.localtime(marked_at) if marked_at is not None else None,
                marked=marked,
                places=places,
            )
        )
    return DaysToday(
        checkin=[day for day in days if day.for_checkin],
        taught=[day for day in days if day.for_teaching],
    )
