"""Extension points: other apps add panels to the course page, the learner's dashboard and
the teacher's page of an edition.

An app registers, in its wagtail_hooks.py::

    @hooks.register("aula_course_page_panels")
    def materials_panel(request, course) -> str: ...

    @hooks.register("aula_dashboard_panels")
    def certificates_panel(request) -> str: ...

    @hooks.register("aula_teaching_edition_panels")
    def register_panel(request, edition) -> str: ...

Each function returns rendered HTML (or "" for nothing), checks its own
permissions and makes a fixed number of queries. Panels appear in
registration order after the page's own content.
"""

from django.utils.safestring import mark_safe
from wagtail import hooks

COURSE_PAGE_PANELS = "aula_course_page_panels"
DASHBOARD_PANELS = "aula_dashboard_panels"
TEACHING_EDITION_PANELS = "aula_teaching_edition_panels"


def render_panels(hook_name, *args) -> str:
    # Panels are HTML rendered by our own apps' templates, which escape their data.
    return mark_safe("".join(str(panel(*args) or "") for panel in hooks.get_hooks(hook_name)))
