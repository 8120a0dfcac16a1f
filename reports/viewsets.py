"""The reports in the admin menu ("Report"), for training managers."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from . import admin_views
from .permissions import sees_every_report


class ReportReadersMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_every_report(request.user)


class ProgrammeReportViewSet(ViewSet):
    name = "reports_admin"
    url_prefix = "report"
    icon = "table"
    menu_label = _("Piani formativi")
    menu_item_class = ReportReadersMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ProgrammeListView.as_view(), name="index"),
            path("piani/<slug:slug>/", admin_views.ProgrammeReportView.as_view(), name="programme"),
            path(
                "cluster/", admin_views.ParticipationView.as_view(kind="cluster"), name="clusters"
            ),
            path("centri/", admin_views.ParticipationView.as_view(kind="centre"), name="centres"),
        ]


class ClusterReportViewSet(ViewSet):
    """Only a menu entry: the view lives in ProgrammeReportViewSet's URLs."""

    name = "reports_admin_clusters"
    icon = "group"
    menu_label = _("Partecipazione per cluster")
    menu_item_class = ReportReadersMenuItem

    @cached_property
    def menu_url(self):
        return reverse("reports_admin:clusters")


class CentreReportViewSet(ClusterReportViewSet):
    name = "reports_admin_centres"
    icon = "site"
    menu_label = _("Partecipazione per centro")

    @cached_property
    def menu_url(self):
        return reverse("reports_admin:centres")


class ReportViewSetGroup(ViewSetGroup):
    menu_label = _("Report")
    menu_icon = "table"
    menu_order = 250
    items = (ProgrammeReportViewSet, ClusterReportViewSet, CentreReportViewSet)
