import logging

from django.db import DatabaseError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .permissions import can_view_visit_report
from .services import counts_as_visit, visit_record

logger = logging.getLogger(__name__)


@hooks.register("on_serve_page")
def count_page_views(next_serve_page):
    """Count every reader's successful view of a page; a failure to count never stops the page."""

    def serve(page, request, args, kwargs):
        response = next_serve_page(page, request, args, kwargs)
        if response.status_code == 200 and counts_as_visit(request):
            try:
                visit_record(page=page, request=request)
            except DatabaseError:
                logger.exception("Could not count a view of page %s", page.pk)
        return response

    return serve


@hooks.register("register_admin_urls")
def register_visit_report_urls():
    return [
        path("statistiche/visite/", views.VisitReportView.as_view(), name="analytics_visits"),
        path(
            "statistiche/visite/pagina/<int:page_id>/",
            views.PageVisitReportView.as_view(),
            name="analytics_page_visits",
        ),
    ]


class VisitReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_visit_report(request.user)


@hooks.register("register_reports_menu_item")
def register_visit_report_menu_item():
    return VisitReportMenuItem(
        _("Visite"),
        reverse("analytics_visits"),
        name="visits",
        icon_name="view",
        order=900,
    )
