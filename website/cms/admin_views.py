"""The admin report of readers' ratings: averages per page, and each page's comments."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import selectors
from .permissions import can_view_rating_report

REPORT_PAGE_SIZE = 50


class RatingReportMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_rating_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RatingReportView(RatingReportMixin, TemplateView):
    template_name = "cms/admin/rating_report.html"
    page_title = gettext_lazy("Valutazioni dei lettori")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Valutazioni dei lettori")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_obj = Paginator(selectors.rated_pages(), REPORT_PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        context.update(page_obj=page_obj, rated_pages=list(page_obj))
        return context


class PageRatingsView(RatingReportMixin, TemplateView):
    template_name = "cms/admin/page_ratings.html"

    @cached_property
    def page(self):
        return get_object_or_404(Page, pk=self.kwargs["page_id"])

    def get_page_title(self):
        return _("Valutazioni di «%(title)s»") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("cms_ratings"), "label": _("Valutazioni dei lettori")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.rating_summary(self.page)
        page_obj = Paginator(selectors.page_ratings(self.page), REPORT_PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            rated_page=self.page,
            summary=summary,
            page_obj=page_obj,
            ratings=list(page_obj),
        )
        return context
