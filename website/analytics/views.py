"""The admin report of visits: months, the days of a month, the most visited pages."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from website.core import counters

from . import selectors
from .permissions import can_view_visit_report
from .services import month_of


def _chosen_month(request):
    """The month in ?mese=YYYY-MM, or the current one (a malformed value is ignored)."""
    today = timezone.localdate()
    value = request.GET.get("mese", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        return month_of(today)
    return chosen if chosen <= today else month_of(today)


class ReportMixin(WagtailAdminTemplateMixin):
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_visit_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def month(self):
        return _chosen_month(self.request)


class VisitReportView(ReportMixin, TemplateView):
    template_name = "analytics/visit_report.html"
    page_title = gettext_lazy("Visite al portale")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Visite al portale")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors.visit_report(self.month)
        context.update(
            months=report.months,
            month=self.month,
            counted_at=counters.flushed_at(),
            days=report.days,
            top_pages=selectors.top_pages(self.month),
        )
        return context


class PageVisitReportView(ReportMixin, TemplateView):
    template_name = "analytics/visit_report.html"

    @cached_property
    def page(self):
        return get_object_or_404(Page, pk=self.kwargs["page_id"])

    def get_page_title(self):
        return _("Visite a «%(title)s»") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("analytics_visits"), "label": _("Visite al portale")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors.visit_report(self.month, page_id=self.page.pk)
        context.update(
            report_page=self.page,
            months=report.months,
            month=self.month,
            counted_at=counters.flushed_at(),
            days=report.days,
        )
        return context
