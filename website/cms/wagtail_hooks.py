from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from website.privacy.hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, PersonalData

from . import admin_views, page_cache
from .models import PageFeedback
from .permissions import can_view_rating_report


@hooks.register("register_admin_urls")
def register_rating_report_urls():
    return [
        path("valutazioni/", admin_views.RatingReportView.as_view(), name="cms_ratings"),
        path(
            "valutazioni/pagina/<int:page_id>/",
            admin_views.PageRatingsView.as_view(),
            name="cms_page_ratings",
        ),
    ]


class RatingReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_rating_report(request.user)


@hooks.register("register_reports_menu_item")
def register_rating_report_menu_item():
    return RatingReportMenuItem(
        _("Riscontri dei lettori"),
        reverse("cms_ratings"),
        name="ratings",
        icon_name="pick",
        order=910,
    )


@hooks.register("on_serve_page")
def remember_served_page(next_serve_page):
    return page_cache.remember_served_page(next_serve_page)


@hooks.register(PERSONAL_DATA_SOURCES)
def ratings_data(person) -> list[PersonalData]:
    rows = [
        {
            "page": answer.page.title,
            "useful": answer.useful,
            "score": answer.score,
            "comment": answer.comment,
            "created_at": answer.created_at,
            "updated_at": answer.updated_at,
        }
        for answer in PageFeedback.objects.filter(user=person)
        .select_related("page")
        .order_by("created_at", "pk")
    ]
    return [PersonalData("valutazioni", rows)]


@hooks.register(ERASURE_HANDLERS)
def erase_ratings(person, pseudonym: str) -> None:
    PageFeedback.objects.filter(user=person).delete()
