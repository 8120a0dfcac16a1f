"""Read-only questions about courses that other apps ask (forums, resources, certificates).

Each answers from the database in one query; views, tasks and tests all call these.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    Field,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail import hooks

from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.types import AnyUser, User
from website.core.generations import remember_content, remember_for_user
from website.core.memo import recall, remember
from website.core.prepared import prepared_objects

from .hooks import ENROLMENT_FIELDS, with_enrolment_fields
from .models import (
    CalendarFeed,
    Course,
    Edition,
    EditionQuerySet,
    Enrolment,
    Programme,
    Session,
    SessionQuerySet,
    enrolment_open_condition,
)
from .permissions import course_visibility_filter, edition_visibility_filter, sees_unpublished
from .relations import note_teachers_read


def has_place_in_edition(user: AnyUser, edition: Edition) -> bool:
    """True when the person holds a confirmed place in the edition."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, edition=edition, status=Enrolment.Status.APPROVED
    ).exists()


def is_enrolled_in_course(user: AnyUser, course: Course | int) -> bool:
    """True when the person holds a confirmed place in any edition of the course."""
    course_id = course if isinstance(course, int) else course.pk
    if not user.is_authenticated:
        return False
    return remember(
        ("courses.enrolled_in_course", user.pk, course_id),
        lambda: course_id in enrolled_course_ids(user),
    )


def enrolled_course_ids(user: AnyUser) -> set[int]:
    """The ids of the courses in which the person holds a confirmed place."""
    if not user.is_authenticated:
        return set()
    return set(
        remember(
            ("courses.enrolled_course_ids", user.pk),
            lambda: frozenset(
                Enrolment.objects.filter(user=user, status=Enrolment.Status.APPROVED).values_list(
                    "course_id", flat=True
                )
            ),
        )
    )


def note_enrolled_course_ids(user: User, enrolments: Iterable[Enrolment]) -> None:
    """Keep for this request what ``enrolled_course_ids`` would read, from enrolments the
    page already loaded: the dashboard's panels then ask without a query of their own."""
    placed = frozenset(
        enrolment.course_id
        for enrolment in enrolments
        if enrolment.status == Enrolment.Status.APPROVED
    )
    remember(("courses.enrolled_course_ids", user.pk), lambda: placed)


def note_days_from_today(
    user: User, sessions: Sequence[Session], *, today: date, limit: int | None
) -> None:
    """Keep for this request the person's days today, when ``sessions`` (their next days
    from ``today``, soonest first, at most ``limit``) hold all of them: the dashboard's panels
    then know, without a query, whether there is a day to check in to or a register to keep."""
    if limit is not None and len(sessions) >= limit and sessions[-1].date <= today:
        return  # the list may stop before today's last day
    days = tuple(session for session in sessions if session.date == today)
    remember(("courses.days_today", user.pk, today), lambda: days)


def known_days_today(user: User, *, today: date) -> tuple[Session, ...] | None:
    """The person's days today (each with ``holds_place`` and ``is_taught``: see
    :func:`sessions_for_calendar`) if this request has read them already, else None."""
    days = recall(("courses.days_today", user.pk, today))
    return days if isinstance(days, tuple) else None


def teaches_edition(user: AnyUser, edition: Edition) -> bool:
    if not user.is_authenticated:
        return False
    return edition.teachers.filter(pk=user.pk).exists()


def teaches_any_edition(user: AnyUser) -> bool:
    """Whether the person teaches at least one edition: read once per request and kept under
    the person's generation (an edition's teachers move it: ``courses.apps``)."""
    if not user.is_authenticated:
        return False
    return remember(
        ("courses.teaches_any", user.pk),
        lambda: remember_for_user(
            user.pk, "courses.teaches_any", lambda: editions_taught_by(user).exists()
        ),
    )


def editions_taught_by(user: AnyUser) -> EditionQuerySet:
    return (
        Edition.objects.filter(teachers=user) if user.is_authenticated else Edition.objects.none()
    )


def upcoming_editions(*, limit: int = 5) -> QuerySet[Edition]:
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


# --- Catalogue, course page, dashboard -------------------------------------------------
#
# The functions below serve this app's pages. Each returns querysets whose size
# in queries does not depend on how many editions, days or enrolments exist.


def _per_edition(
    aggregate: Aggregate, output_field: Field[Any, Any], empty: Decimal | int, outer: str
) -> Coalesce:
    """``aggregate`` over the held (not cancelled) days of the edition at ``OuterRef(outer)``."""
    return Coalesce(
        Subquery(
            Session.objects.filter(edition=OuterRef(outer))
            .not_cancelled()
            .values("edition")
            .annotate(total=aggregate)
            .values("total"),
            output_field=output_field,
        ),
        Value(empty),
        output_field=output_field,
    )


def session_hours_subquery(outer: str = "pk") -> Coalesce:
    """Total hours of the days of the edition at ``OuterRef(outer)``."""
    return _per_edition(
        Sum("hours"), DecimalField(max_digits=8, decimal_places=1), Decimal("0"), outer
    )


def session_count_subquery(outer: str = "pk") -> Coalesce:
    return _per_edition(Count("pk"), IntegerField(), 0, outer)


def visible_programmes(user: AnyUser) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("region")
    return programmes if sees_unpublished(user) else programmes.filter(is_published=True)


def visible_editions(user: AnyUser) -> EditionQuerySet:
    return Edition.objects.filter(edition_visibility_filter(user))


def _my_editions_filter(user: User | int) -> Q:
    """Days of editions where the person (or the person with this id) holds a confirmed place
    or teaches."""
    placed = Enrolment.objects.filter(user=user, status=Enrolment.Status.APPROVED)
    taught = Edition.teachers.through.objects.filter(user=user)
    return Q(edition__in=placed.values("edition")) | Q(edition__in=taught.values("edition"))


def catalogue_courses(user: AnyUser, *, now: datetime | None = None) -> QuerySet[Course]:
    """Courses the person may see, with what the catalogue shows of their editions.

    Each course carries ``listed_editions``: its visible editions with their
    cluster, place counts, modes and whether they take requests now.
    """
    now = now or timezone.now()
    editions = (
        visible_editions(user)  # type: ignore[no-redef]  # Edition declares it
        .select_related("cluster")
        .with_place_counts()
        .annotate(
            enrolment_is_open=ExpressionWrapper(
                enrolment_open_condition(now), output_field=BooleanField()
            ),
            has_classroom_days=Exists(
                Session.objects.filter(edition=OuterRef("pk"), mode=Session.Mode.CLASSROOM)
            ),
            has_online_days=Exists(
                Session.objects.filter(edition=OuterRef("pk"), mode=Session.Mode.ONLINE)
            ),
            day_count=session_count_subquery(),
        )
        .order_by("starts_on", "code")
    )
    return (
        Course.objects.filter(course_visibility_filter(user))
        .select_related("programme", "programme__region")
        .prefetch_related(Prefetch("editions", queryset=editions, to_attr="listed_editions"))
        .order_by("-programme__starts_on", "programme__title", "sort_order", "code")
    )


def course_words_filter(query: str) -> Q:
    """Courses holding every word of ``query`` in their title, objectives or description
    (or bearing it as their code): the catalogue's search."""
    found = Q()
    for word in query.split():
        found &= (
            Q(title__icontains=word)
            | Q(code__iexact=word)
            | Q(objectives__icontains=word)
            | Q(description__icontains=word)
        )
    return found


def search_courses(user: AnyUser, query: str, *, limit: int) -> list[Course]:
    """The first ``limit`` courses the person may see that match the catalogue's search,
    those with every word in their title first, then the newest programme's (one query)."""
    words = query.split()
    if not words:
        return []
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word) | Q(code__iexact=word)
    courses = (
        Course.objects.filter(course_visibility_filter(user))
        .filter(course_words_filter(query))
        .select_related("programme")
        .annotate(
            title_matches=Case(When(in_title, then=Value(1)), default=Value(0)),
        )
        .order_by("-title_matches", "-programme__starts_on", "sort_order", "code")
    )
    return list(courses[:limit])


def course_page_course(slug: str) -> Course | None:
    """The course a course page names, with its programme and region, from the cache
    (CoursesConfig bumps the content generation whenever a course, a programme or a region
    is saved or deleted)."""
    return remember_content(
        f"courses.course:{slug}",
        lambda: (
            Course.objects.select_related("programme", "programme__region")
            .filter(slug=slug)
            .first()
        ),
    )


def course_page_editions(
    user: AnyUser, course: Course, *, now: datetime | None = None
) -> list[Edition]:
    """The editions of the course page, with teachers, days and place counts."""
    now = now or timezone.now()
    editions = list(
        visible_editions(user)  # type: ignore[no-redef]  # Edition declares it
        .filter(course=course)
        .select_related("cluster")
        .with_place_counts()
        .annotate(
            enrolment_is_open=ExpressionWrapper(
                enrolment_open_condition(now), output_field=BooleanField()
            ),
            total_hours=session_hours_subquery(),
        )
        .prefetch_related(
            Prefetch("teachers", queryset=User.objects.order_by("last_name", "first_name")),
            Prefetch("sessions", queryset=Session.objects.order_by("date", "starts_at")),
        )
        .order_by("starts_on", "code")
    )
    # The panels ask whether the person teaches the course: already known.
    note_teachers_read(user, course.pk, editions)
    return editions


def enrolments_in_course(
    user: AnyUser, course: Course, *, today: date | None = None
) -> list[Enrolment]:
    """The person's enrolments in the course's editions, newest first, with what the apps read
    of them (``hooks.ENROLMENT_FIELDS``), kept for this request: see :func:`known_enrolments`
    (no query when anonymous)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    enrolments = list(
        with_enrolment_fields(
            Enrolment.objects.filter(user=user, course=course).select_related("edition"),
            today=today,
        ).order_by("-requested_at")
    )
    remember(("courses.enrolments", user.pk, course.pk, today), lambda: tuple(enrolments))
    # The panels of the course page ask whether the person holds a place: already known.
    remember(
        ("courses.enrolled_in_course", user.pk, course.pk),
        lambda: any(e.status == Enrolment.Status.APPROVED for e in enrolments),
    )
    return enrolments


def _my_enrolments_query(user_id: int, today: date) -> QuerySet[Enrolment]:
    return with_enrolment_fields(
        Enrolment.objects.filter(user_id=user_id)
        .select_related("edition", "edition__course", "edition__cluster")
        .annotate(
            total_hours=session_hours_subquery("edition"),
            day_count=session_count_subquery("edition"),
        ),
        today=today,
    ).order_by("-edition__starts_on", "-requested_at")


def my_enrolments(user: User, *, today: date | None = None) -> list[Enrolment]:
    """Every enrolment of the person, with the edition's days and hours, soonest edition first,
    and what the apps read of them (``hooks.ENROLMENT_FIELDS``), kept for this request: see
    :func:`known_enrolments`."""
    today = today or timezone.localdate()
    # Built once: a person's enrolments differ from another's by the id and the day only.
    key = ("courses.my_enrolments", *hooks.get_hooks(ENROLMENT_FIELDS))
    enrolments: list[Enrolment] = prepared_objects(key, _my_enrolments_query, [user.pk, today])
    remember(("courses.enrolments", user.pk, None, today), lambda: tuple(enrolments))
    note_enrolled_course_ids(user, enrolments)
    return enrolments


def known_enrolments(
    user: AnyUser, *, today: date, course_id: int | None = None
) -> list[Enrolment] | None:
    """The person's enrolments (every one, or those in the course ``course_id``) with what the
    apps registered for ``hooks.ENROLMENT_FIELDS`` read of them, as of ``today``, if this
    request has read them already (:func:`my_enrolments`, :func:`enrolments_in_course`),
    else None."""
    every = recall(("courses.enrolments", user.pk, None, today))
    if isinstance(every, tuple):
        return [e for e in every if course_id is None or e.course_id == course_id]
    if course_id is None:
        return None
    in_course = recall(("courses.enrolments", user.pk, course_id, today))
    return list(in_course) if isinstance(in_course, tuple) else None


def upcoming_sessions_for(
    user: User, *, today: date | None = None, limit: int | None = None
) -> SessionQuerySet:
    """The next days of the editions where the person holds a place or teaches."""
    today = today or timezone.localdate()
    sessions = sessions_for_calendar(user).filter(date__gte=today).not_cancelled()
    return sessions[:limit] if limit else sessions


def _upcoming_days_query(user_id: int, today: date, *, limit: int) -> SessionQuerySet:
    return _sessions_for(user_id).filter(date__gte=today).not_cancelled()[:limit]


def upcoming_days(user: User, *, today: date, limit: int) -> list[Session]:
    """:func:`upcoming_sessions_for`, at most ``limit``, in a query built once (the dashboard)."""
    return prepared_objects(
        ("courses.upcoming_days", limit),
        partial(_upcoming_days_query, limit=limit),
        [user.pk, today],
    )


def sessions_for_calendar(
    user: User, *, start: date | None = None, end: date | None = None
) -> SessionQuerySet:
    """The days of the person's confirmed places and taught editions, between ``start``
    and ``end`` when given, in one query.

    Each day carries ``holds_place`` and ``is_taught``: whether the person has a
    confirmed place in its edition, and whether they teach it.
    """
    sessions = _sessions_for(user.pk)
    if start is not None:
        sessions = sessions.filter(date__gte=start)
    if end is not None:
        sessions = sessions.filter(date__lte=end)
    return sessions


def _sessions_for(user_id: int) -> SessionQuerySet:
    placed = Enrolment.objects.filter(
        user_id=user_id, edition=OuterRef("edition"), status=Enrolment.Status.APPROVED
    )
    taught = Edition.teachers.through.objects.filter(user_id=user_id, edition=OuterRef("edition"))
    return (
        Session.objects.filter(_my_editions_filter(user_id))
        .exclude(edition__status=Edition.Status.CANCELLED)
        .select_related("edition", "edition__course", "edition__cluster")
        .annotate(holds_place=Exists(placed), is_taught=Exists(taught))
        .order_by("date", "starts_at", "pk")
    )


def calendar_feed_of(user: User) -> CalendarFeed | None:
    """The person's calendar address, if they asked for one (a read never makes it)."""
    return CalendarFeed.objects.filter(user=user).first()


def edition_ids_with_place(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.APPROVED).values_list(
            "edition_id", flat=True
        )
    )


def taught_editions_overview(user: AnyUser) -> QuerySet[Edition]:
    """The editions someone teaches, with place counts and hours, latest first."""
    return (
        editions_taught_by(user)
        .select_related("course", "course__programme", "cluster")
        .with_place_counts()
        .annotate(total_hours=session_hours_subquery(), day_count=session_count_subquery())
        .order_by("-starts_on", "code")
    )


def participants_of(edition: Edition) -> QuerySet[Enrolment]:
    """Confirmed participants first (by name), then the waiting list in its order."""
    return (
        Enrolment.objects.filter(
            edition=edition,
            status__in=[Enrolment.Status.APPROVED, Enrolment.Status.WAITLISTED],
        )
        .select_related("user", "user__centre")
        .order_by(
            Case(When(status=Enrolment.Status.APPROVED, then=Value(0)), default=Value(1)),
            "waitlisted_at",
            "user__last_name",
            "user__first_name",
            "pk",
        )
    )


def staff_enrolments(
    *,
    centres: Iterable[EmploymentCentre] | None = None,
    clusters: Iterable[Cluster] | None = None,
) -> QuerySet[Enrolment]:
    """Enrolments of the staff of some centres or of the centres of some clusters."""
    enrolments = Enrolment.objects.select_related(
        "user", "user__centre", "edition", "edition__course", "edition__cluster"
    )
    if centres is not None:
        enrolments = enrolments.filter(user__centre__in=centres)
    if clusters is not None:
        enrolments = enrolments.filter(user__centre__cluster__in=clusters)
    return enrolments.order_by(
        "user__centre__name", "user__last_name", "user__first_name", "-edition__starts_on"
    )


def pending_requests() -> QuerySet[Enrolment]:
    """Requests waiting for a training manager's decision, oldest first."""
    return (
        Enrolment.objects.filter(status=Enrolment.Status.REQUESTED)
        .select_related("user", "user__centre", "edition", "edition__course")
        .order_by("requested_at", "pk")
    )
