"""Extension points the courses app offers: panels on the course page, the learner's
dashboard, the teacher's page of an edition and the page of a cluster's staff, and entries
in the person's calendar.

An app registers through the constant, in its wagtail_hooks.py::

    from courses.hooks import COURSE_PAGE_PANELS

    @hooks.register(COURSE_PAGE_PANELS)
    def materials_panel(request, course) -> str: ...

Each function fits the hook's ``Protocol`` below, returns rendered HTML (or "" for
nothing), checks its own permissions and makes a fixed number of queries (one where
it can: the dashboard is one page of at most ten). Panels appear in registration
order after the page's own content.

The dashboard is organised around the person's day: a dashboard panel may return
``DashboardPart`` pieces that say in which part of the page each piece goes (today,
what's next, what to do online, history); plain HTML goes to the last part.

``ENROLMENT_FIELDS`` lets an app read what it needs of the person's enrolments (hours
attended, a related row) in the query that reads them for the dashboard or a course page,
which keeps them for the request: its panel then takes them from
``courses.selectors.known_enrolments`` and makes no query of its own.

A panel renders its template with :func:`render_panel` (``render_to_string`` with the
request, but the context processors run once for all the panels of a request, not once
per panel: their output depends on the request only). A panel that calls
``render_to_string(..., request=request)`` still works, at the price of running them again.

``CALENDAR_ENTRIES`` lets an app add its own dated entries (the web channel's
events someone registered for) to the person's calendar: the month and agenda
views, the "what's next" part of the dashboard and the iCalendar feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template import Engine, RequestContext, Template, TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates, reraise
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

if TYPE_CHECKING:
    from website.accounts.models import Cluster
    from website.accounts.types import User

    from .models import Course, Edition, Enrolment

COURSE_PAGE_PANELS = "aula_course_page_panels"
DASHBOARD_PANELS = "aula_dashboard_panels"
TEACHING_EDITION_PANELS = "aula_teaching_edition_panels"
CLUSTER_PAGE_PANELS = "aula_cluster_page_panels"
CALENDAR_ENTRIES = "aula_calendar_entries"
ENROLMENT_FIELDS = "aula_enrolment_fields"


class DashboardSlot(StrEnum):
    """The parts of "La mia formazione", in the order the page shows them."""

    TODAY = "today"
    NEXT = "next"
    ONLINE = "online"
    HISTORY = "history"
    MORE = "more"


@dataclass(frozen=True)
class DashboardPart:
    """A piece of HTML for one part of the dashboard."""

    slot: DashboardSlot
    html: str


@dataclass(frozen=True)
class CalendarEntry:
    """A dated entry of someone's calendar that is not a classroom day.

    ``uid`` never changes for the same entry (calendar apps update by it); ``url``
    is a path on this site; times are Europe/Rome wall-clock times, or None for an
    entry that lasts whole days.
    """

    uid: str
    kind: str
    title: str
    starts_on: date
    ends_on: date
    url: str
    location: str = ""
    starts_at: time | None = None
    ends_at: time | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CoursePagePanel(Protocol):
    def __call__(self, request: HttpRequest, course: Course) -> str | None: ...


class DashboardPanel(Protocol):
    def __call__(
        self, request: HttpRequest
    ) -> str | DashboardPart | Sequence[DashboardPart] | None: ...


class CalendarEntries(Protocol):
    """The person's entries that overlap ``start``–``end`` (either open), in one query."""

    def __call__(
        self, user: User, *, start: date | None, end: date | None
    ) -> Iterable[CalendarEntry]: ...


class EnrolmentFields(Protocol):
    """The person's enrolments widened with what the app reads of them (annotations,
    ``select_related``): no row added or removed, no query made."""

    def __call__(self, enrolments: QuerySet[Enrolment], *, today: date) -> QuerySet[Enrolment]: ...


class TeachingEditionPanel(Protocol):
    def __call__(self, request: HttpRequest, edition: Edition) -> str | None: ...


class ClusterPagePanel(Protocol):
    def __call__(self, request: HttpRequest, cluster: Cluster) -> str | None: ...


def render_panels(hook_name: str, request: HttpRequest, *args: object) -> SafeString:
    """Every panel registered for ``hook_name``, called with ``request`` and ``args``, joined."""
    # Panels are HTML rendered by our own apps' templates, which escape their data.
    return mark_safe(
        "".join(str(panel(request, *args) or "") for panel in hooks.get_hooks(hook_name))
    )


class _PanelContext(RequestContext):
    """A ``RequestContext`` given its context processors' output instead of running them."""

    def __init__(self, request: HttpRequest, processed: dict[str, Any], autoescape: bool) -> None:
        super().__init__(request, autoescape=autoescape)
        self._processed = processed

    @contextmanager
    def bind_template(self, template: Template) -> Iterator[None]:
        if self.template is not None:
            raise RuntimeError("Context is already bound to a template")
        self.template = template
        # A copy: nothing a template does can reach the other panels' context.
        self.dicts[self._processors_index] = dict(self._processed)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            self.template = None
            self.dicts[self._processors_index] = {}  # type: ignore[attr-defined]


def _processed(request: HttpRequest, engine: Engine) -> dict[str, Any]:
    """What ``engine``'s context processors give for ``request``, worked out once per request."""
    kept = getattr(request, "_aula_panel_processed", None)
    if kept is not None and kept[0] is engine:
        return cast(dict[str, Any], kept[1])
    processed: dict[str, Any] = {}
    for processor in engine.template_context_processors:
        processed.update(processor(request))
    request._aula_panel_processed = (engine, processed)  # type: ignore[attr-defined]
    return processed


def render_panel(
    template_name: str, context: Mapping[str, Any] | None, request: HttpRequest
) -> SafeString:
    """``render_to_string(template_name, context, request=request)``, the same HTML, with the
    context processors run once per request for every panel that renders this way."""
    template = get_template(template_name)
    backend = getattr(template, "backend", None)
    if not isinstance(backend, DjangoTemplates):
        return mark_safe(render_to_string(template_name, dict(context or {}), request=request))
    engine = backend.engine
    bound = _PanelContext(request, _processed(request, engine), engine.autoescape)
    if context:
        bound.push(context)
    try:
        return cast(SafeString, template.template.render(bound))  # type: ignore[attr-defined]
    except TemplateDoesNotExist as exc:
        reraise(exc, backend)
        raise  # reraise always raises


def render_dashboard_panels(request: HttpRequest) -> dict[str, SafeString]:
    """Every dashboard panel, its pieces gathered by part (``DashboardSlot`` values)."""
    parts: dict[str, list[str]] = {slot.value: [] for slot in DashboardSlot}
    for panel in hooks.get_hooks(DASHBOARD_PANELS):
        answer = panel(request)
        if not answer:
            continue
        if isinstance(answer, str):
            answer = [DashboardPart(DashboardSlot.MORE, answer)]
        elif isinstance(answer, DashboardPart):
            answer = [answer]
        for part in answer:
            parts[DashboardSlot(part.slot).value].append(part.html)
    # The panels' HTML comes from our own apps' templates, which escape their data.
    return {slot: mark_safe("".join(html)) for slot, html in parts.items()}


def calendar_entries(user: User, *, start: date | None, end: date | None) -> list[CalendarEntry]:
    """Every app's entries for the person between ``start`` and ``end``, soonest first."""
    entries = [
        entry
        for source in hooks.get_hooks(CALENDAR_ENTRIES)
        for entry in source(user, start=start, end=end)
    ]
    return sorted(entries, key=lambda e: (e.starts_on, e.starts_at or time.min, e.title))


def with_enrolment_fields(enrolments: QuerySet[Enrolment], *, today: date) -> QuerySet[Enrolment]:
    """``enrolments`` with what every app registered for ``ENROLMENT_FIELDS`` reads of them."""
    for widen in hooks.get_hooks(ENROLMENT_FIELDS):
        enrolments = widen(enrolments, today=today)
    return enrolments
