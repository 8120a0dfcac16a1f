"""The training reports, computed from the records: never a typed-in total.

Every figure is counted from editions, days, confirmed places, attendance
records and issued certificates, in a fixed number of queries whatever the
number of courses, editions or people: a report reads its rows (with their
delivery figures as correlated subqueries), the places' figures grouped by
row, and the same figures for all rows together.

What counts:

- editions that were or are being held: scheduled and closed ones (not
  drafts, not cancelled), and their classroom days and hours;
- participants: people with a confirmed place in those editions;
- attended: participants with at least one day with hours attended;
- attendance share: the hours a participant attended over the hours of the
  days of their edition held so far, averaged over participants whose
  edition has held at least one day;
- certificates: confirmed places for which an issued certificate exists
  (see ``reports.certificates``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    Field,
    FloatField,
    IntegerField,
    Max,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from attendance.models import KEPT_STATUSES, AttendanceRecord
from attendance.selectors import (
    COUNTED_MARK,
    Attendance,
    Grid,
    attended_hours_subquery,
    register_grid,
)
from courses.models import Course, Edition, Enrolment, Programme, Session
from courses.permissions import edition_visibility_filter
from courses.selectors import session_hours_subquery
from forums.models import Forum
from forums.permissions import readable_forums
from quality.models import Assessment
from quality.relations import coached_centres
from quality.selectors import visible_assessments
from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.relations import coached_cluster_ids
from website.accounts.types import AnyUser, User

from .certificates import certificate_exists, holder_querysets

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HOURS: DecimalField[Decimal, Decimal] = DecimalField(max_digits=10, decimal_places=1)

# A row of a report (a course, cluster, centre or person) that gets its ``figures``.
_Row = TypeVar("_Row", bound=Model)


def _subquery(
    queryset: QuerySet[Model],
    group: str,
    aggregate: Aggregate,
    output_field: Field[Any, Any],
    empty: int | Decimal,
) -> Coalesce:
    """``aggregate`` over ``queryset`` (already filtered on one outer row), ``empty`` if no rows."""
    return Coalesce(
        Subquery(
            queryset.values(group).annotate(value=aggregate).values("value"),
            output_field=output_field,
        ),
        Value(empty),
        output_field=output_field,
    )


def places(programme: Programme | None = None) -> QuerySet[Enrolment]:
    """Confirmed places in held editions (of one programme, if given)."""
    held = Enrolment.objects.filter(
        status=Enrolment.Status.APPROVED, edition__status__in=KEPT_STATUSES
    )
    return held if programme is None else held.filter(edition__course__programme=programme)


@dataclass
class PlaceFigures:
    """What a set of confirmed places adds up to."""

    place_count: int = 0
    participant_count: int = 0
    attended_count: int = 0
    attended_hours: Decimal = Decimal("0")
    average_share: float | None = None
    certificate_count: int = 0


def _with_place_facts(queryset: QuerySet[Enrolment], today: date) -> QuerySet[Enrolment]:
    """Each place with its hours attended and held so far, and whether it has a certificate."""
    held_days = Session.objects.filter(edition=OuterRef("edition"), date__lte=today).not_cancelled()
    return queryset.annotate(
        hours_attended=attended_hours_subquery(),
        hours_held=_subquery(held_days, "edition", Sum("hours"), HOURS, Decimal("0")),
        has_attended=Exists(
            AttendanceRecord.objects.filter(
                COUNTED_MARK,
                session__edition=OuterRef("edition"),
                user=OuterRef("user"),
                hours__gt=0,
            )
        ),
        has_certificate=certificate_exists(),
    )


def _place_aggregates() -> dict[str, BaseExpression]:
    share = Cast(F("hours_attended"), FloatField()) * 100 / Cast(F("hours_held"), FloatField())
    aggregates: dict[str, BaseExpression] = {
        "place_count": Count("pk"),
        "participant_count": Count("user", distinct=True),
        "attended_hours": Coalesce(Sum("hours_attended"), Value(Decimal("0")), output_field=HOURS),
        "attended_count": Count("user", distinct=True, filter=Q(has_attended=True)),
        "average_share": Avg(share, filter=Q(hours_held__gt=0)),
    }
    if holder_querysets():  # otherwise no certificate counts: certificate_count stays 0
        aggregates["certificate_count"] = Count("pk", filter=Q(has_certificate=True))
    return aggregates


def place_figures_by(
    queryset: QuerySet[Enrolment], group: str, *, today: date | None = None
) -> dict[int, PlaceFigures]:
    """{value of ``group``: PlaceFigures} for the places of ``queryset``. One query."""
    rows = (
        _with_place_facts(queryset, today or timezone.localdate())
        .values(group)
        .annotate(**_place_aggregates())
        .order_by()
    )
    return {row.pop(group): PlaceFigures(**row) for row in rows}


def place_totals(queryset: QuerySet[Enrolment], *, today: date | None = None) -> PlaceFigures:
    """The same figures for all the places of ``queryset`` together. One query."""
    facts = _with_place_facts(queryset, today or timezone.localdate())
    return PlaceFigures(**facts.aggregate(**_place_aggregates()))


def _delivery_figures(course_path: str) -> dict[str, BaseExpression]:
    """Editions, days, hours and hours per day of the courses under ``course_path``."""
    editions = Edition.objects.filter(status__in=KEPT_STATUSES, **{course_path: OuterRef("pk")})
    days = Session.objects.filter(
        edition__status__in=KEPT_STATUSES, **{f"edition__{course_path}": OuterRef("pk")}
    ).not_cancelled()
    day_group = f"edition__{course_path}"
    return {
        "edition_count": _subquery(editions, course_path, Count("pk"), IntegerField(), 0),
        "day_count": _subquery(days, day_group, Count("pk"), IntegerField(), 0),
        "classroom_hours": _subquery(days, day_group, Sum("hours"), HOURS, Decimal("0")),
        "min_day_hours": Subquery(
            days.values(day_group).annotate(value=Min("hours")).values("value"),
            output_field=HOURS,
        ),
        "max_day_hours": Subquery(
            days.values(day_group).annotate(value=Max("hours")).values("value"),
            output_field=HOURS,
        ),
    }


@dataclass
class ProgrammeReport:
    programme: Programme
    courses: list[Course]
    total: Programme


def programme_report(programme: Programme, *, today: date | None = None) -> ProgrammeReport:
    """Per course and in total: the plan's delivery and participation. Four queries.

    Each course carries its delivery figures and ``figures`` (PlaceFigures); so does ``total``.
    """
    courses = list(
        Course.objects.filter(programme=programme)
        .annotate(**_delivery_figures("course"))
        .order_by("sort_order", "code")
    )
    by_course = place_figures_by(places(programme), "edition__course", today=today)
    # The rows carry their figures for the templates; PlaceFigures lives here, above the
    # models, so the models cannot declare the attribute.
    for course in courses:
        course.figures = by_course.get(course.pk, PlaceFigures())  # type: ignore[attr-defined]
    total = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(course_count=Count("courses"), **_delivery_figures("course__programme"))
        .get()
    )
    total.figures = place_totals(places(programme), today=today)  # type: ignore[attr-defined]
    return ProgrammeReport(programme, courses, total)


def reported_programmes() -> QuerySet[Programme]:
    """The programmes a report can be asked for, newest first."""
    return Programme.objects.order_by("-starts_on", "title")


def _participation(
    rows: list[_Row], queryset: QuerySet[Enrolment], group: str, today: date | None
) -> tuple[list[_Row], PlaceFigures]:
    by_key = place_figures_by(queryset, group, today=today)
    for row in rows:
        row.figures = by_key.get(row.pk, PlaceFigures())  # type: ignore[attr-defined]
    return rows, place_totals(queryset, today=today)


def participation_by_cluster(
    clusters: QuerySet[Cluster],
    *,
    programme: Programme | None = None,
    today: date | None = None,
) -> tuple[list[Cluster], PlaceFigures]:
    """Per cluster of the participants' centres, and in total: (rows, total). Three queries."""
    rows = list(clusters.order_by("name"))
    return _participation(
        rows,
        places(programme).filter(user__centre__cluster__in=rows),
        "user__centre__cluster",
        today,
    )


def participation_by_centre(
    centres: QuerySet[EmploymentCentre],
    *,
    programme: Programme | None = None,
    today: date | None = None,
) -> tuple[list[EmploymentCentre], PlaceFigures]:
    """Per employment centre of the participants, and in total: (rows, total). Three queries."""
    rows = list(centres.select_related("cluster").order_by("cluster__name", "name"))
    return _participation(
        rows, places(programme).filter(user__centre__in=rows), "user__centre", today
    )


def centre_staff(
    centre: EmploymentCentre, *, programme: Programme | None = None, today: date | None = None
) -> list[User]:
    """The centre's staff with a confirmed place, each with ``figures``. Two queries."""
    own = places(programme).filter(user__centre=centre)
    people = list(
        centre.staff.filter(pk__in=own.values("user")).order_by("last_name", "first_name", "pk")
    )
    return _participation(people, own, "user", today)[0]


class TrainingFacts(TypedDict):
    """What ``training_record`` adds to each place."""

    attended_hours: Decimal
    total_hours: Decimal
    has_certificate: bool


def training_record(person: User) -> list["WithAnnotations[Enrolment, TrainingFacts]"]:
    """Every confirmed place of the person, with its ``attendance`` and certificate. One query."""
    record = list(
        Enrolment.objects.filter(user=person, status=Enrolment.Status.APPROVED)
        .select_related("edition", "edition__course", "edition__course__programme")
        .annotate(
            attended_hours=attended_hours_subquery(),
            total_hours=session_hours_subquery("edition"),
            has_certificate=certificate_exists(),
        )
        .order_by("-edition__starts_on", "edition__code")
    )
    # Template-only attributes on loaded rows, as in programme_report.
    for place in record:
        place.attendance = Attendance(  # type: ignore[attr-defined]
            user_id=person.pk,
            attended_hours=place.attended_hours,
            total_hours=place.total_hours,
            days_attended=0,
            days_excused=0,
        )
    return record


def edition_register(edition: Edition) -> Grid:
    """The register as funders audit it: the grid, with each day's teacher."""
    grid = register_grid(edition)
    teachers = list(edition.teachers.order_by("last_name", "first_name"))
    # Template-only attributes on loaded rows, as in programme_report.
    for session in grid.sessions:
        session.teacher_names = (  # type: ignore[attr-defined]
            session.teacher.get_full_name()
            if session.teacher
            else ", ".join(teacher.get_full_name() for teacher in teachers)
        )
        session.place = (  # type: ignore[attr-defined]
            edition.venue if session.mode == Session.Mode.CLASSROOM else ""
        )
    return grid


def led_clusters(user: AnyUser) -> QuerySet[Cluster]:
    return Cluster.objects.filter(leads=user) if user.is_authenticated else Cluster.objects.none()


def managed_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(managers=user)


def cluster_editions(user: AnyUser, cluster: Cluster) -> QuerySet[Edition]:
    """The editions held for a cluster that the person may see, the latest first."""
    return (
        Edition.objects.filter(edition_visibility_filter(user), cluster=cluster)
        .select_related("course")
        .order_by("-starts_on", "code")
    )


@dataclass
class Coaching:
    """What a coach follows: only the centres and clusters they coach, and what belongs to them."""

    centres: list[EmploymentCentre]
    clusters: list[Cluster]
    people: list[User]
    editions: list[Edition]
    forums: list[Forum]
    assessments: list[Assessment]


COACHING_EDITIONS = 60  # the latest editions shown; older ones are in the cluster reports


def coaching(user: User) -> Coaching:
    """The coach's centres (assigned, or in a coached cluster), their clusters, the staff of
    those centres, the clusters' editions, the forums of those clusters and editions the coach
    may read, and the self-assessments of those centres the coach may see. Six queries."""
    centres = list(coached_centres(user).select_related("cluster").order_by("name"))
    # The clusters coached as a whole, and the clusters of the centres coached one by one.
    clusters = list(
        Cluster.objects.filter(
            Q(pk__in=coached_cluster_ids(user)) | Q(pk__in={c.cluster_id for c in centres})
        ).order_by("name")
    )
    cluster_ids = [cluster.pk for cluster in clusters]
    people = (
        list(
            User.objects.filter(centre__in=centres, is_active=True)
            .select_related("centre")
            .order_by("centre__name", "last_name", "first_name", "pk")
        )
        if centres
        else []
    )
    editions = (
        list(
            Edition.objects.filter(edition_visibility_filter(user), cluster_id__in=cluster_ids)
            .select_related("course", "cluster")
            .order_by("-starts_on", "code")[:COACHING_EDITIONS]
        )
        if cluster_ids
        else []
    )
    forums = (
        list(
            readable_forums(user)
            .filter(
                Q(kind=Forum.Kind.CLUSTER, cluster_id__in=cluster_ids)
                | Q(kind=Forum.Kind.EDITION, edition__cluster_id__in=cluster_ids)
            )
            .select_related("cluster", "edition")
            .order_by("kind", "title")
        )
        if cluster_ids
        else []
    )
    assessments = (
        list(
            visible_assessments(user)
            .filter(Q(centre__in=centres) | Q(centre__isnull=True, cluster_id__in=cluster_ids))
            .order_by("-starts_on", "-pk")
        )
        if centres
        else []
    )
    return Coaching(centres, clusters, people, editions, forums, assessments)
