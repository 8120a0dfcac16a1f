"""The forums' admin viewsets and the panels they add to the dashboard and course pages."""

from django.template.loader import render_to_string
from wagtail import hooks

from courses.hooks import COURSE_PAGE_PANELS, DASHBOARD_PANELS

from . import selectors
from .viewsets import ForumAdminGroup


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumAdminGroup()


@hooks.register(DASHBOARD_PANELS)
def my_forums_panel(request) -> str:
    """ "I miei forum": the forums the person reads, with what is new (two queries)."""
    if not request.user.is_authenticated:
        return ""
    forums = list(selectors.forum_list(request.user))
    if not forums:
        return ""
    return render_to_string("forums/panels/dashboard.html", {"forums": forums}, request=request)


@hooks.register(COURSE_PAGE_PANELS)
def course_forums_panel(request, course) -> str:
    """The forum of the person's edition of this course, where they look for it."""
    if not request.user.is_authenticated:
        return ""
    forums = list(selectors.course_forums(request.user, course))
    if not forums:
        return ""
    return render_to_string(
        "forums/panels/course.html", {"forums": forums, "course": course}, request=request
    )
