"""The coaches' assignments in the back office; the quality panels of the dashboard and reports."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList

from courses.hooks import DASHBOARD_PANELS, DashboardPart, DashboardSlot, render_panel
from reports.hooks import PROGRAMME_REPORT_PANELS
from website.core.generations import remember_for_user
from website.core.viewsets import MASCULINE, ModelViewSet

from . import selectors
from .models import Assessment, CoachAssignment


class CoachAssignmentViewSet(ModelViewSet):
    """Training managers assign coaches to single centres (beside the clusters' coaches).

    Wagtail's own log keeps who added or removed each assignment.
    """

    model = CoachAssignment
    grammatical_gender = MASCULINE
    icon = "group"
    menu_label = _("Coach dei centri")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["coach", "centre", "starts_on"]
    list_filter = ["centre__cluster"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList([FieldPanel("coach"), FieldPanel("centre"), FieldPanel("starts_on")])

    def get_queryset(self, request):
        return CoachAssignment.objects.select_related("coach", "centre")


@hooks.register("register_admin_viewset")
def register_quality_viewsets():
    return CoachAssignmentViewSet("coach_assignment_admin", url_prefix="coach-dei-centri")


@hooks.register(DASHBOARD_PANELS)
def quality_panel(request) -> DashboardPart | None:
    """The self-assessments waiting for the person's own answers: one query, then none until
    one of them or the person's membership changes."""
    user = request.user
    if not user.is_authenticated:
        return None
    # Kept under the person's generation, which an assessment's members move (apps), and the
    # content generation, which a centre's or a cluster's name moves.
    waiting = remember_for_user(
        user.pk,
        "quality.waiting",
        lambda: list(
            Assessment.objects.filter(members=user, status=Assessment.Status.INDIVIDUAL)
            .select_related("centre", "cluster")
            .order_by("ends_on")[:5]
        ),
        content=True,
    )
    if not waiting:
        return None
    return DashboardPart(
        DashboardSlot.ONLINE,
        render_panel("quality/panels/dashboard.html", {"waiting": waiting}, request=request),
    )


@hooks.register(PROGRAMME_REPORT_PANELS)
def programme_quality_panel(request, programme) -> str:
    """The plan's self-assessment workshops, their plans and coaching: three queries.

    Only counts, never a centre's scores: whoever may read the plan's report may read them.
    """
    summary = selectors.programme_quality(programme)
    if not summary.workshops:
        return ""
    return render_to_string(
        "quality/panels/programme_report.html",
        {"summary": summary, "programme": programme},
        request=request,
    )
