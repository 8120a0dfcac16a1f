"""The reports in the Wagtail admin, for training managers: the site's tables and charts."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import Programme
from website.accounts.models import Cluster, EmploymentCentre

from . import selectors
from .charts import participation_chart, share_chart
from .forms import programme_filter
from .permissions import sees_every_report


class ReportMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not sees_every_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("reports_admin:index"), "label": _("Report")},
            {"url": "", "label": self.get_page_title()},
        ]


class ProgrammeListView(ReportMixin, TemplateView):
    template_name = "reports/admin/index.html"
    page_title = gettext_lazy("Report dei piani formativi")

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[::2]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "programmes": list(selectors.reported_programmes()),
        }


class ProgrammeReportView(ReportMixin, TemplateView):
    template_name = "reports/admin/programme.html"

    @cached_property
    def programme(self):
        return get_object_or_404(Programme, slug=self.kwargs["slug"])

    def get_page_title(self):
        return self.programme.title

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Sul sito"),
                url=reverse("reports:programme", args=[self.programme.slug]),
                icon_name="link-external",
            )
        ]

    def get_context_data(self, **kwargs):
        report = selectors.programme_report(self.programme)
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "report": report,
            "chart": participation_chart(
                _("Partecipanti, presenze e attestati per corso"),
                report.courses,
                lambda course: course.code,
            ),
        }


class ParticipationView(ReportMixin, TemplateView):
    template_name = "reports/admin/participation.html"
    kind = "cluster"

    def get_page_title(self):
        if self.kind == "cluster":
            return _("Partecipazione per cluster")
        return _("Partecipazione per centro per l'impiego")

    def get_context_data(self, **kwargs):
        form = programme_filter(self.request)
        programme = form.value("piano")
        rows: list[Cluster] | list[EmploymentCentre]
        if self.kind == "cluster":
            rows, total = selectors.participation_by_cluster(
                Cluster.objects.all(), programme=programme
            )
            chart = participation_chart(self.get_page_title(), rows, lambda row: row.name)
        else:
            rows, total = selectors.participation_by_centre(
                EmploymentCentre.objects.all(), programme=programme
            )
            chart = share_chart(self.get_page_title(), rows, lambda row: row.name)
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "rows": rows,
            "total": total,
            "kind": self.kind,
            "chart": chart,
        }
