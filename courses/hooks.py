"""Extension points the courses app offers: panels on the course page, the learner's
dashboard, the teacher's page of an edition and the page of a cluster's staff.

An app registers through the constant, in its wagtail_hooks.py::

    from courses.hooks import COURSE_PAGE_PANELS

    @hooks.register(COURSE_PAGE_PANELS)
    def materials_panel(request, course) -> str: ...

Each function fits the hook's ``Protocol`` below, returns rendered HTML (or "" for
nothing), checks its own permissions and makes a fixed number of queries. Panels
appear in registration order after the page's own content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

if TYPE_CHECKING:
    from website.accounts.models import Cluster

    from .models import Course, Edition

COURSE_PAGE_PANELS = "aula_course_page_panels"
DASHBOARD_PANELS = "aula_dashboard_panels"
TEACHING_EDITION_PANELS = "aula_teaching_edition_panels"
CLUSTER_PAGE_PANELS = "aula_cluster_page_panels"


class CoursePagePanel(Protocol):
    def __call__(self, request: HttpRequest, course: Course) -> str | None: ...


class DashboardPanel(Protocol):
    def __call__(self, request: HttpRequest) -> str | None: ...


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
