from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from website.core.viewsets import FEMININE, MASCULINE, SnippetViewSet
from website.privacy.hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, PersonalData

from . import admin_views, page_cache
from .models import ContentKind, ContentRating, ThematicArea
from .permissions import can_view_rating_report


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    grammatical_gender = FEMININE


class ContentKindViewSet(SnippetViewSet):
    model = ContentKind
    grammatical_gender = MASCULINE


register_snippet(ThematicAreaViewSet)
register_snippet(ContentKindViewSet)


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
        _("Valutazioni dei lettori"),
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
            "page": rating.page.title,
            "score": rating.score,
            "comment": rating.comment,
            "created_at": rating.created_at,
            "updated_at": rating.updated_at,
        }
        for rating in ContentRating.objects.filter(user=person)
        .select_related("page")
        .order_by("created_at", "pk")
    ]
    return [PersonalData("valutazioni", rows)]


@hooks.register(ERASURE_HANDLERS)
def erase_ratings(person, pseudonym: str) -> None:
    ContentRating.objects.filter(user=person).delete()
