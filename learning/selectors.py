"""Reads of the online part: outlines, completion, progress and the completion matrix.

Each answers in a fixed number of queries whatever the number of sections,
activities and people: one for the activities, one for the recorded
completions, one per kind that computes "submitted"/"passed" (through its
adapter), one for the learner's places with their attendance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from attendance.selectors import (
    confirmed_participants,
    confirmed_places,
)
from courses.models import Course, Edition, Enrolment
from website.accounts.models import EmploymentCentre
from website.accounts.types import AnyUser, User
from website.core.generations import remember_content
from website.core.prepared import prepared_rows

from . import kinds
from .availability import Closure, LearnerState, closure
from .models import Activity, ActivityCompletion, Section

# --- Activities and completion -----------------------------------------------------------


def course_activities(course_ids: Iterable[int]) -> list[Activity]:
    """The activities of the courses, in the order the learner meets them.

    One query, then none: kept in the cache under the content generation, which a section,
    an activity or what an activity shows (a lesson, a resource, a quiz, a survey, a package)
    moves when saved or deleted (``learning.apps``).
    """
    ids = sorted(set(course_ids))
    if not ids:
        return []
    return remember_content(
        "learning.activities:" + ",".join(map(str, ids)),
        lambda: list(
            Activity.objects.filter(section__course_id__in=ids)
            .select_related("section", *kinds.related_fields())
            .order_by("section__course_id", "section__sort_order", "section_id", "sort_order", "pk")
        ),
    )


def course_outline(course_id: int) -> list[Activity]:
    """A course's activities with their sections, in order, for its course page: from the
    cache (LearningConfig bumps the content generation whenever a section or an activity is
    saved or deleted). What each activity points to (a lesson, a quiz…) is not in it."""
    return remember_content(
        f"learning.outline:{course_id}",
        lambda: list(
            Activity.objects.filter(section__course_id=course_id)
            .select_related("section")
            .order_by("section__sort_order", "section_id", "sort_order", "pk")
        ),
    )


def course_sections(course: Course) -> list[Section]:
    """Every section of the course with its activities (two queries), for staff pages."""
    return list(
        Section.objects.filter(course=course)
        .prefetch_related("activities")
        .order_by("sort_order", "pk")
    )


def completed_pairs(
    activities: Sequence[Activity], user_ids: Iterable[int]
) -> set[tuple[int, int]]:
    """The (activity id, user id) pairs that count as complete under each activity's rule.

    One query for what learners recorded, plus one call per kind whose activities
    are complete when submitted or passed (its adapter reads its own app).
    """
    user_ids = list(user_ids)
    if not activities or not user_ids:
        return set()
    by_id = {activity.pk: activity for activity in activities}
    recorded_ids = [a.pk for a in activities if a.completion in kinds.RECORDED_RULES]
    pairs: set[tuple[int, int]] = set()
    if recorded_ids:
        recorded_ids, people = sorted(set(recorded_ids)), sorted(set(user_ids))
        # Built and compiled once per number of activities and people (website.core.prepared).
        rows = prepared_rows(
            ("learning.recorded_completions", len(recorded_ids), len(people)),
            _recorded_query(len(recorded_ids)),
            [*recorded_ids, *people],
        )
        for activity_id, user_id, state in rows:
            rule = by_id[activity_id].completion
            if rule == kinds.VIEWED or state == ActivityCompletion.State.DONE:
                pairs.add((activity_id, user_id))
    computed: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.completion in kinds.COMPUTED_RULES:
            computed[activity.kind].append(activity)
    for code, group in computed.items():
        adapter = kinds.kind_of(code)
        if adapter is not None:
            pairs |= adapter.computed_pairs(group, user_ids)
    return pairs


def _recorded_query(activities: int) -> Callable[..., QuerySet]:
    """What the rest of the ids (people) recorded of the first ``activities`` ids."""

    def build(*ids: int) -> QuerySet:
        return ActivityCompletion.objects.filter(
            activity_id__in=ids[:activities], user_id__in=ids[activities:]
        ).values_list("activity_id", "user_id", "state")

    return build


def recorded_states(user: User, activity_ids: Iterable[int]) -> dict[int, str]:
    """What the person recorded per activity (viewed/done), to draw the buttons. One query."""
    return dict(
        ActivityCompletion.objects.filter(
            user=user, activity_id__in=list(activity_ids)
        ).values_list("activity_id", "state")
    )


# --- The learner's places ----------------------------------------------------------------


def learner_places(
    user: AnyUser, course_ids: Iterable[int] | None = None, *, today: date | None = None
) -> dict[int, Enrolment]:
    """Per course, the person's confirmed place (latest edition) with attended and held hours.

    From ``attendance.selectors.confirmed_places``: no query where the page has read the
    person's enrolments already (the dashboard, the course page), else one. Each enrolment
    carries ``attended`` and ``held`` and its edition the course and the forum
    (:func:`place_relations`).
    """
    if not user.is_authenticated:
        return {}
    today = today or timezone.localdate()
    places = confirmed_places(user, today=today, course_ids=course_ids)
    # The latest place wins when someone holds places in two editions of a course.
    return {place.edition.course_id: place for place in places}


def place_relations(enrolments: QuerySet[Enrolment], *, today: date) -> QuerySet[Enrolment]:
    """``enrolments`` with each edition's course and forum (the forum activity links to it):
    registered for ``courses.hooks.ENROLMENT_FIELDS``."""
    return enrolments.select_related("edition__course", "edition__forum")


def _state(
    enrolment: Enrolment | None, completed: set[int], titles: dict[int, str]
) -> LearnerState:
    if enrolment is None:
        return LearnerState(edition=None, completed=frozenset(completed), titles=titles)
    return LearnerState(
        edition=enrolment.edition,
        attended_hours=enrolment.attended,  # type: ignore[attr-defined]  # learner_places annotates
        held_hours=enrolment.held,  # type: ignore[attr-defined]  # learner_places annotates
        completed=frozenset(completed),
        titles=titles,
    )


def learner_state(user: User, course_id: int) -> LearnerState:
    """One learner's state in one course (for ``availability.closure_for``)."""
    activities = course_activities([course_id])
    done = {a for a, _u in completed_pairs(activities, [user.pk])}
    place = learner_places(user, [course_id]).get(course_id)
    return _state(place, done, {a.pk: a.title for a in activities})


# --- Progress ----------------------------------------------------------------------------


@dataclass
class Item:
    activity: Activity
    done: bool
    closure: Closure | None

    @property
    def is_open(self) -> bool:
        return self.closure is None


@dataclass
class SectionProgress:
    section: Section
    items: list[Item] = field(default_factory=list)


@dataclass
class CourseProgress:
    course: Course
    enrolment: Enrolment | None
    sections: list[SectionProgress]
    state: LearnerState

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def minutes_left(self) -> int:
        return sum(item.activity.duration_minutes for item in self.items if not item.done)

    @property
    def next_item(self) -> Item | None:
        """The first activity still to do that is open; else the first one still to do."""
        waiting = [item for item in self.items if not item.done]
        return next((item for item in waiting if item.is_open), waiting[0] if waiting else None)


def _progress(
    course: Course,
    activities: list[Activity],
    enrolment: Enrolment | None,
    done_ids: set[int],
    *,
    now: datetime,
) -> CourseProgress:
    state = _state(enrolment, done_ids, {a.pk: a.title for a in activities})
    sections: list[SectionProgress] = []
    for activity in activities:
        if not sections or sections[-1].section.pk != activity.section_id:
            sections.append(SectionProgress(activity.section))
        sections[-1].items.append(
            Item(activity, activity.pk in done_ids, closure(activity, state, now=now))
        )
    return CourseProgress(course, enrolment, sections, state)


def course_progress(
    user: User, course: Course, *, now: datetime | None = None
) -> CourseProgress | None:
    """The learner's progress in a course (None when it has no activities). Fixed queries."""
    now = now or timezone.now()
    activities = course_outline(course.pk)
    if not activities:
        return None
    enrolment = learner_places(user, [course.pk], today=timezone.localdate(now)).get(course.pk)
    done = {a for a, _u in completed_pairs(activities, [user.pk])} if enrolment else set()
    return _progress(course, activities, enrolment, done, now=now)


def dashboard_progress(user: User, *, now: datetime | None = None) -> list[CourseProgress]:
    """Progress in every course where the person holds a place and that has activities."""
    now = now or timezone.now()
    places = learner_places(user, today=timezone.localdate(now))
    if not places:
        return []
    activities = course_activities(places)
    done = {a for a, _u in completed_pairs(activities, [user.pk])}
    by_course: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_course[activity.section.course_id].append(activity)
    result = []
    for course_id, enrolment in sorted(
        places.items(), key=lambda pair: pair[1].edition.starts_on, reverse=True
    ):
        if by_course.get(course_id):
            result.append(
                _progress(enrolment.edition.course, by_course[course_id], enrolment, done, now=now)
            )
    return result


# --- The completion matrix ---------------------------------------------------------------


class MatrixStatus:
    ALL = ""
    COMPLETE = "complete"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


@dataclass
class MatrixRow:
    enrolment: Enrolment
    cells: list[bool]

    @property
    def user(self) -> User:
        return self.enrolment.user

    @property
    def done(self) -> int:
        return sum(self.cells)

    @property
    def status(self) -> str:
        if self.cells and all(self.cells):
            return MatrixStatus.COMPLETE
        return MatrixStatus.IN_PROGRESS if any(self.cells) else MatrixStatus.NOT_STARTED


@dataclass
class Matrix:
    edition: Edition
    activities: list[Activity]
    rows: list[MatrixRow]
    centres: list[EmploymentCentre] = field(default_factory=list)

    def completed_by(self) -> list[int]:
        return [sum(row.cells[i] for row in self.rows) for i in range(len(self.activities))]


def edition_matrix(edition: Edition, *, status: str = "", centre_id: int | None = None) -> Matrix:
    """Participants × activities of an edition: three queries plus one per computing kind."""
    activities = course_activities([edition.course_id])
    enrolments = list(confirmed_participants(edition))
    centres = sorted(
        {e.user.centre for e in enrolments if e.user.centre is not None},
        key=lambda c: (c.name, c.pk),
    )
    if centre_id is not None:
        enrolments = [e for e in enrolments if e.user.centre_id == centre_id]
    pairs = completed_pairs(activities, [e.user_id for e in enrolments])
    rows = [MatrixRow(e, [(a.pk, e.user_id) in pairs for a in activities]) for e in enrolments]
    if status:
        rows = [row for row in rows if row.status == status]
    return Matrix(edition, activities, rows, centres)


def recorded_completions(
    *, user_ids: Iterable[int] | QuerySet[Any], start: datetime, end: datetime
) -> QuerySet[ActivityCompletion]:
    """Completions of activities completed by what the learner recorded (viewed, or marked
    done) in [start, end), unordered: the yearly record reads them with its other sources in
    one query. Activities whose completion is computed (a quiz passed, a survey answered, a
    package completed) are read from their own apps."""
    return (
        ActivityCompletion.objects.filter(
            user_id__in=user_ids,
            completed_at__gte=start,
            completed_at__lt=end,
            activity__completion__in=kinds.RECORDED_RULES,
        )
        .exclude(
            activity__completion=kinds.DONE,
            state=ActivityCompletion.State.VIEWED,
        )
        .order_by()
    )


def package_activities() -> list[tuple[int, int, str, str]]:
    """(package id, declared minutes, title, course slug) of every package shown as an
    activity; one query when the content cache is cold (activities, sections, courses and
    packages move the content generation)."""
    return remember_content(
        "learning.package_activities",
        lambda: list(
            Activity.objects.filter(kind="package", package__isnull=False)
            .values_list("package_id", "duration_minutes", "title", "section__course__slug")
            .order_by("pk")
        ),
    )
