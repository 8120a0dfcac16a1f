"""Reading the web channel: listings, the home page, an act's relations, search, feeds.

Each function loads what its page shows in a fixed number of queries,
however many pages the channel holds.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults
from wagtail.search.utils import parse_query_string

from website.accounts.types import AnyUser
from website.core.memo import remember
from website.core.sites import restricted_paths

from .citations import parse_citation, suggest, vocabulary
from .models import (
    CollectionEntry,
    ContentPage,
    ContentRating,
    DocumentCollectionPage,
    EventPage,
    EventRegistration,
    GoodPracticePage,
    HomePage,
    NewsPage,
    PageAttachment,
    PressReviewItem,
    PressReviewPage,
    RegulationPage,
    RegulationRelation,
    RelatedLink,
    ThematicArea,
)
from .models.mixins import IndexPage

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A section's filters, as its form cleaned them (``cleaned_data``).
Filters = Mapping[str, Any]


def published(queryset: PageQuerySet) -> PageQuerySet:
    """What anonymous readers may see: live pages outside private sections."""
    return queryset.live().exclude(remember("cms.private_sections", _private_sections_q))


def _private_sections_q() -> Q:
    """Wagtail's ``public()`` condition, with where restrictions are from the cache
    (``website.core.sites``: kept under the content generation, which every restriction
    added, changed or removed bumps)."""
    sections = restricted_paths().restrictions
    condition = Q()
    for path, depth in sections:
        condition |= Q(path__startswith=path, depth__gte=depth)
    return condition if condition else Q(pk__in=[])


def _year_range(queryset: PageQuerySet, year: int, field: str = "date") -> PageQuerySet:
    return queryset.filter(
        **{f"{field}__gte": date(year, 1, 1), f"{field}__lt": date(year + 1, 1, 1)}
    )


def section_years(index: IndexPage, model: type[ContentPage]) -> list[int]:
    """The years of the section's published pages, newest first, for its year filter."""
    queryset = published(model.objects.child_of(index))
    return [day.year for day in queryset.dates("date", "year", order="DESC")]


def _in_area(queryset: PageQuerySet, area: ThematicArea | None) -> PageQuerySet:
    return queryset.filter(thematic_areas=area) if area is not None else queryset


# --- Section listings ----------------------------------------------------------


def news_listing(index: IndexPage, filters: Filters) -> PageQuerySet:
    queryset = published(NewsPage.objects.child_of(index))
    queryset = _in_area(queryset, filters.get("area"))
    if filters.get("kind") is not None:
        queryset = queryset.filter(content_kind=filters["kind"])
    if filters.get("tag"):
        queryset = queryset.filter(tagged_items__tag__slug=filters["tag"])
    if filters.get("year"):
        queryset = _year_range(queryset, filters["year"])
    return (
        queryset.defer_streamfields()
        .select_related("content_kind")
        .prefetch_related("thematic_areas")
        .order_by("-date", "-pk")
    )


def news_tags(index: IndexPage) -> list[tuple[str, str]]:
    """The keywords of the index's live news, for the tag filter."""
    from taggit.models import Tag

    return list(
        Tag.objects.filter(
            cms_newspagetag_items__content_object__in=published(
                NewsPage.objects.child_of(index)
            ).values("pk")
        )
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def press_review_listing(index: IndexPage, filters: Filters) -> PageQuerySet:
    queryset = published(PressReviewPage.objects.child_of(index))
    if filters.get("year"):
        queryset = _year_range(queryset, filters["year"])
    return queryset.prefetch_related(
        Prefetch("items", queryset=PressReviewItem.objects.order_by("sort_order"))
    ).order_by("-date", "-pk")


class ActOrder:
    NEWEST = "recenti"
    OLDEST = "meno-recenti"


def regulation_listing(index: IndexPage, filters: Filters) -> PageQuerySet:
    queryset = published(RegulationPage.objects.child_of(index))
    queryset = _in_area(queryset, filters.get("area"))
    if filters.get("kind"):
        queryset = queryset.filter(act_kind=filters["kind"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("year"):
        queryset = _year_range(queryset, filters["year"])
    order = ("date", "pk") if filters.get("order") == ActOrder.OLDEST else ("-date", "-pk")
    return queryset.defer_streamfields().prefetch_related("thematic_areas").order_by(*order)


class EventWhen:
    UPCOMING = "prossimi"
    PAST = "passati"


def event_listing(index: IndexPage, filters: Filters) -> PageQuerySet:
    queryset = published(EventPage.objects.child_of(index))
    today = timezone.localdate()
    ongoing = Q(end_date__gte=today) | Q(end_date__isnull=True, date__gte=today)
    if filters.get("scope"):
        queryset = queryset.filter(scope=filters["scope"])
    if filters.get("year"):
        queryset = _year_range(queryset, filters["year"])
    queryset = queryset.defer_streamfields()
    if filters.get("when") == EventWhen.PAST:
        return queryset.exclude(ongoing).order_by("-date", "-pk")
    if filters.get("when") == EventWhen.UPCOMING:
        return queryset.filter(ongoing).order_by("date", "pk")
    return queryset.order_by("-date", "-pk")


def good_practice_listing(index: IndexPage, filters: Filters) -> PageQuerySet:
    queryset = published(GoodPracticePage.objects.child_of(index))
    queryset = _in_area(queryset, filters.get("area"))
    if filters.get("region"):
        queryset = queryset.filter(
            Q(region=filters["region"]) | Q(centre__cluster__region__code=filters["region"])
        )
    return (
        queryset.select_related("centre")
        .prefetch_related("thematic_areas")
        .order_by("-date", "-pk")
    )


# --- One page ----------------------------------------------------------------------


def content_page_extras(page: ContentPage) -> dict[str, list[Any]]:
    """What every content page shows beside its own fields: areas, attachments, related pages."""
    return {
        "thematic_areas": list(page.thematic_areas.all()),
        "attachments": list(
            PageAttachment.objects.filter(page=page)
            .select_related("document")
            .order_by("sort_order")
        ),
        "related_pages": [
            link.target
            for link in RelatedLink.objects.filter(page=page, target__live=True)
            .select_related("target")
            .order_by("sort_order")
        ],
    }


def collection_contents(collection: DocumentCollectionPage) -> dict[str, list[Any]]:
    return {
        "entries": list(
            CollectionEntry.objects.filter(page=collection)
            .select_related("document")
            .order_by("sort_order", "pk")
        ),
        "subcollections": list(
            published(DocumentCollectionPage.objects.child_of(collection))
            .prefetch_related("thematic_areas")
            .order_by("title")
        ),
    }


@dataclass(frozen=True)
class ActRelation:
    kind: str
    label: "StrOrPromise"
    act: RegulationPage
    note: str


def act_relations(act: RegulationPage) -> list[ActRelation]:
    """The act's typed links in both directions, each relation once, live acts only."""
    labels = dict(RegulationRelation.Kind.choices)
    seen: set[tuple[str, int]] = set()
    relations: list[ActRelation] = []
    outgoing = (
        RegulationRelation.objects.filter(source=act, target__live=True)
        .select_related("target")
        .order_by("sort_order", "pk")
    )
    incoming = (
        RegulationRelation.objects.filter(target=act, source__live=True)
        .select_related("source")
        .order_by("source__date", "pk")
    )
    for relation in outgoing:
        key = (relation.kind, relation.target_id)
        if key not in seen:
            seen.add(key)
            relations.append(
                ActRelation(relation.kind, labels[relation.kind], relation.target, relation.note)
            )
    for relation in incoming:
        kind = RegulationRelation.INVERSE[relation.kind]
        key = (kind, relation.source_id)
        if key not in seen:
            seen.add(key)
            relations.append(ActRelation(kind, labels[kind], relation.source, relation.note))
    order = list(RegulationRelation.Kind.values)
    relations.sort(key=lambda item: (order.index(item.kind), item.act.date))
    return relations


def event_registration_counts(event: EventPage, user: AnyUser) -> tuple[int, bool]:
    """How many people hold a place, and whether ``user`` is one of them (one query)."""
    registrations = EventRegistration.objects.filter(event=event)
    if not user.is_authenticated:
        return registrations.count(), False
    counts = registrations.aggregate(total=Count("pk"), mine=Count("pk", filter=Q(user=user)))
    return counts["total"], bool(counts["mine"])


# --- The home page --------------------------------------------------------------------


def upcoming_events(*, limit: int) -> list[EventPage]:
    today = timezone.localdate()
    return list(
        published(EventPage.objects.all())
        .defer_streamfields()
        .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, date__gte=today))
        .order_by("date", "pk")[:limit]
    )


def home_sections(home: HomePage) -> dict[str, list[Any]]:
    from courses.selectors import upcoming_editions

    featured = [
        item.page
        for item in home.featured_pages.filter(page__live=True)
        .select_related("page")
        .order_by("sort_order")
    ]
    practices = [
        item.practice
        for item in home.featured_practices.filter(practice__live=True)
        .select_related("practice", "practice__centre")
        .order_by("sort_order")
    ]
    return {
        "featured_pages": featured,
        "latest_news": list(
            published(NewsPage.objects.all())
            .defer_streamfields()
            .select_related("content_kind")
            .order_by("-date", "-pk")[:4]
        ),
        "upcoming_editions": list(upcoming_editions(limit=4)),
        "latest_regulations": list(
            published(RegulationPage.objects.all())
            .defer_streamfields()
            .order_by("-last_published_at", "-pk")[:4]
        ),
        "upcoming_events": upcoming_events(limit=3),
        "featured_practices": practices,
    }


# --- Search ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    page_type: type | None = None
    area: ThematicArea | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.page_type or self.area or self.date_from or self.date_to)


def search_pages(site_root: Page, filters: SearchFilters) -> PageQuerySet | BaseSearchResults:
    """Live public pages of the site matching the words and filters, best match first.

    Without words, the filtered pages newest first. The database search backend
    uses PostgreSQL's full-text search when the database is PostgreSQL and
    SQLite's FTS5 otherwise.
    """
    queryset = published(Page.objects.descendant_of(site_root, inclusive=True))
    if filters.page_type is not None:
        queryset = queryset.type(filters.page_type)
    dated = ContentPage.objects.all()
    if filters.area is not None:
        dated = dated.filter(thematic_areas=filters.area)
    if filters.date_from:
        dated = dated.filter(date__gte=filters.date_from)
    if filters.date_to:
        dated = dated.filter(date__lte=filters.date_to)
    if filters.area is not None or filters.date_from or filters.date_to:
        queryset = queryset.filter(pk__in=dated.values("pk"))
    if not filters.query:
        return queryset.order_by("-last_published_at", "-pk")
    # An act written as staff write it («D.Lgs. 150/2015», «L. 68/1999», «DPR 445/2000»):
    # the act itself, found by kind, number and year.
    citation = parse_citation(filters.query)
    if citation.names_an_act:
        acts = RegulationPage.objects.filter(
            number__iexact=citation.number, date__year=citation.year
        )
        if citation.kind:
            acts = acts.filter(act_kind=citation.kind)
        cited = queryset.filter(pk__in=acts.values("pk"))
        if cited.exists():
            return cited.order_by("-last_published_at", "-pk")
    # Parsed here into words and "quoted phrases", so that no stray quote or
    # operator reaches the database's full-text syntax.
    _filters, query = parse_query_string(filters.query, operator="and")
    return get_search_backend().search(query, queryset)


SUGGESTION_CACHE_SECONDS = 10 * 60


def search_suggestion(site_root: Page, query: str) -> str:
    """For a search that found nothing: the query with each unknown word one typo away
    from a word of the site's titles and summaries («ricolocazione» → «ricollocazione»)."""
    key = f"aula:search-vocabulary:{site_root.pk}"
    words = cache.get(key)
    if words is None:
        pages = published(Page.objects.descendant_of(site_root, inclusive=True))
        summaries = ContentPage.objects.filter(pk__in=pages.values("pk")).values_list(
            "intro", flat=True
        )
        words = vocabulary([*pages.values_list("title", flat=True), *summaries])
        cache.set(key, words, SUGGESTION_CACHE_SECONDS)
    return suggest(query, words)


def search_result_details(pages: Iterable[Page]) -> dict[int, dict[str, Any]]:
    """Date and summary of the content pages among ``pages``, by page id (one query)."""
    ids = [page.pk for page in pages]
    return {
        row["pk"]: row
        for row in ContentPage.objects.filter(pk__in=ids).values("pk", "date", "intro")
    }


# --- Feeds -------------------------------------------------------------------------------


def feed_pages(queryset: PageQuerySet, *, limit: int = 20) -> list[ContentPage]:
    return list(
        published(queryset)
        .prefetch_related("thematic_areas")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def area_feed_pages(area: ThematicArea, *, limit: int = 20) -> list[ContentPage]:
    return feed_pages(ContentPage.objects.filter(thematic_areas=area), limit=limit)


# --- Ratings report ------------------------------------------------------------------


def rated_pages() -> PageQuerySet:
    """Pages readers rated, with how many ratings and comments and the average, newest first."""
    return (
        Page.objects.filter(ratings__isnull=False)
        .annotate(
            rating_count=Count("ratings"),
            comment_count=Count("ratings", filter=~Q(ratings__comment="")),
            rating_average=Avg("ratings__score"),
            last_rated_at=Max("ratings__updated_at"),
        )
        .order_by("-last_rated_at", "pk")
    )


def rating_summary(page: Page) -> dict[str, Any]:
    ratings = ContentRating.objects.filter(page=page)
    summary = ratings.aggregate(count=Count("pk"), average=Avg("score"))
    by_score = dict(ratings.values("score").annotate(n=Count("pk")).values_list("score", "n"))
    summary["by_score"] = [(score, by_score.get(score, 0)) for score in range(5, 0, -1)]
    return summary


def page_ratings(page: Page) -> QuerySet[ContentRating]:
    return ContentRating.objects.filter(page=page).order_by("-updated_at", "-pk")
