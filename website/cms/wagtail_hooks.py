import html
from datetime import date
from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from courses.hooks import CALENDAR_ENTRIES, CalendarEntry
from courses.selectors import search_courses
from website.accounts.types import User
from website.core.generations import remember_for_user
from website.core.search_text import search_words, snippet
from website.core.viewsets import FEMININE, MASCULINE, SnippetViewSet
from website.privacy.hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, PersonalData

from . import admin_views, page_cache, selectors
from .hooks import SECTION_SIZE, SITE_SEARCH_SOURCES, SearchHit, SearchSection
from .models import ContentKind, EventPage, PageFeedback, ThematicArea
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


@hooks.register(SITE_SEARCH_SOURCES)
def course_search_source(user, query) -> SearchSection | None:
    """Courses of the catalogue the reader may see (one query)."""
    courses = search_courses(user, query, limit=SECTION_SIZE)
    if not courses:
        return None
    words = search_words(query)
    return SearchSection(
        kind=_("Corsi"),
        label=_("Corso"),
        more_url=f"{reverse('courses:index')}?{urlencode({'q': query})}",
        more_text=_("Tutti i corsi trovati"),
        order=10,
        hits=[
            SearchHit(
                title=f"{course.code} · {course.title}",
                url=course.get_absolute_url(),
                excerpt=snippet(_plain(course.description or course.objectives), words),
                meta=course.programme.title,
            )
            for course in courses
        ],
    )


def _plain(rich_text: str) -> str:
    return " ".join(html.unescape(strip_tags(rich_text.replace("<", " <"))).split())


@hooks.register(CALENDAR_ENTRIES)
def registered_events_entries(
    user: User, *, start: date | None, end: date | None
) -> list[CalendarEntry]:
    """The events the person registered for, in their calendar and on their dashboard.

    Kept in the cache under the person's and the content generation: a registration made
    or cancelled and an event page published both move the content generation."""
    return remember_for_user(
        user.pk,
        f"cms.registered_events:{start}:{end}",
        lambda: _registered_events_entries(user, start=start, end=end),
        content=True,
    )


def _registered_events_entries(
    user: User, *, start: date | None, end: date | None
) -> list[CalendarEntry]:
    entries = []
    for registration in selectors.registered_events(user, start=start, end=end):
        event = registration.event
        entries.append(
            CalendarEntry(
                uid=f"aula-evento-{event.pk}",
                kind=str(EventPage._meta.verbose_name),
                title=event.title,
                starts_on=event.date,
                ends_on=event.last_day,
                starts_at=event.start_time,
                ends_at=event.end_time,
                location=", ".join(part for part in (event.venue, event.town) if part),
                url=event.get_url() or "",
            )
        )
    return entries
