"""The reports' admin menu and the links they add to other apps' pages."""

from django.template.loader import render_to_string
from wagtail import hooks

from attendance.hooks import REGISTER_PAGE_PANELS
from courses.hooks import CLUSTER_PAGE_PANELS, DASHBOARD_PANELS, render_panel
from website.accounts.relations import led_cluster_list, managed_centre_list

from . import permissions, selectors
from .viewsets import ReportViewSetGroup


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return ReportViewSetGroup()


@hooks.register(REGISTER_PAGE_PANELS)
def printable_register_panel(request, edition) -> str:
    """Under a register: the printable copy for signatures and its exports."""
    if not permissions.can_view_edition_register(request.user, edition):
        return ""
    return render_to_string("reports/panels/register.html", {"edition": edition}, request=request)


@hooks.register(DASHBOARD_PANELS)
def reports_panel(request) -> str:
    """The person's own training record, and the reports their role opens to them."""
    user = request.user
    if not user.is_authenticated:
        return ""
    return render_panel(
        "reports/panels/dashboard.html",
        {
            "sees_programmes": permissions.sees_every_report(user),
            "sees_clusters": permissions.can_view_cluster_participation(user),
            "sees_centres": permissions.can_view_centre_participation(user),
            "managed_centres": managed_centre_list(user),
            "led_clusters": led_cluster_list(user),
            "coaches": permissions.can_view_coaching(user),
        },
        request=request,
    )


@hooks.register(CLUSTER_PAGE_PANELS)
def cluster_registers_panel(request, cluster) -> str:
    """On a cluster's staff page: the cluster's editions, each with its register."""
    if not permissions.can_view_cluster_registers(request.user, cluster):
        return ""
    return render_to_string(
        "reports/panels/cluster_registers.html",
        {"cluster": cluster, "editions": list(selectors.cluster_editions(request.user, cluster))},
        request=request,
    )
