"""Reading the web channel: listings, the home page, an act's relations, search, feeds.

Each function loads what its page shows in a fixed number of queries,
however many pages the channel holds.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from wagtail import hooks as wagtail_hooks
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults
from wagtail.search.utils import parse_query_string

from website.accounts.types import AnyUser, User
from website.core.generations import content_generation
from website.core.memo import remember
from website.core.sites import restricted_paths

from .citations import parse_citation, suggest, vocabulary
from .hooks import SITE_SEARCH_SOURCES, SearchSection
from .models import (
    CollectionEntry,
    ContentPage,
    DocumentCollectionPage,
    EventPage,
    EventRegistration,
    GoodPracticePage,
    HomePage,
    NewsPage,
    PageAttachment,
    PageFeedback,
    PressReviewItem,
    PressReviewPage,
    RegulationPage,
    RegulationRelation,
    RelatedLink,
    ThematicArea,
)
from .models.feedback import MAX_SCORE
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
    # A content page's date and summary come with it: the results' page reads no more.
    queryset = published(Page.objects.descendant_of(site_root, inclusive=True)).annotate(
        result_date=F("contentpage__date"), result_intro=F("contentpage__intro")
    )
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


def search_sections(user: AnyUser, query: str) -> list[SearchSection]:
    """What the other apps found for the words (``hooks.SITE_SEARCH_SOURCES``), each kind
    a section of its few best results, in the sections' order."""
    sections = [source(user, query) for source in wagtail_hooks.get_hooks(SITE_SEARCH_SOURCES)]
    return sorted((section for section in sections if section), key=lambda s: s.order)


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
    """Date and summary of the content pages among ``pages``, by page id: none read when
    the pages carry them (``search_pages`` annotates them), else one query."""
    pages = list(pages)
    if all(hasattr(page, "result_date") for page in pages):
        return {
            page.pk: {"pk": page.pk, "date": page.result_date, "intro": page.result_intro}
            for page in pages
            if page.result_date is not None
        }
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


# --- Readers' feedback report -------------------------------------------------------

_SECTIONS_KEY = "aula:feedback-sections:{generation}:{host}"


@dataclass(frozen=True)
class Section:
    """A part of the channel the report can be narrowed to: a page under the home page."""

    pk: int
    title: str
    path: str


@dataclass(frozen=True)
class FeedbackFilters:
    """Which answers the report counts: given (or last changed) in a span of days, in a section."""

    since: date | None = None
    until: date | None = None
    section: Section | None = None


@dataclass(frozen=True)
class FeedbackCounts:
    """How readers answered: yes, no, and the 1–5 scores given before the yes/no question."""

    yes: int = 0
    no: int = 0
    comments: int = 0
    scores: int = 0
    score_average: float | None = None
    by_score: tuple[tuple[int, int], ...] = ()  # (score, how many), from 5 down to 1

    @property
    def answers(self) -> int:
        return self.yes + self.no

    @property
    def total(self) -> int:
        """Every answer counted: each is a yes, a no or (from before) a score."""
        return self.yes + self.no + self.scores

    @property
    def yes_share(self) -> float | None:
        """The share of yes among the yes/no answers (0–100), or None without any."""
        return 100 * self.yes / self.answers if self.answers else None


@dataclass(frozen=True)
class FeedbackRow:
    page_id: int
    title: str
    counts: FeedbackCounts
    latest_comment: str
    last_answer_at: Any


def feedback_sections(request: HttpRequest) -> list[Section]:
    """The pages right under the site's home page, cached like the main menu (no query)."""
    key = _SECTIONS_KEY.format(generation=content_generation(), host=request.get_host())
    sections: list[Section] | None = cache.get(key)
    if sections is None:
        site = Site.find_for_request(request)
        children = site.root_page.get_children().order_by("path") if site else Page.objects.none()
        sections = [Section(page.pk, page.title, page.path) for page in children]
        cache.set(key, sections, 60 * 60)
    return sections


def _answer_q(filters: FeedbackFilters, prefix: str = "") -> Q:
    conditions = Q()
    if filters.since:
        conditions &= Q(**{f"{prefix}updated_at__date__gte": filters.since})
    if filters.until:
        conditions &= Q(**{f"{prefix}updated_at__date__lte": filters.until})
    if filters.section is not None:
        conditions &= Q(**{f"{prefix}page__path__startswith": filters.section.path})
    return conditions


def _counted(
    prefix: str = "", within: Q | None = None, *, by_score: bool = False, named: str = ""
) -> dict[str, Any]:
    """The aggregates of the answers (reached through ``prefix``), each named ``named`` + name."""
    within = within if within is not None else Q()

    def count(condition: Q) -> Count:
        return Count(f"{prefix}pk", filter=within & condition)

    def field(name: str, value: Any) -> Q:
        return Q(**{prefix + name: value})

    counted: dict[str, Any] = {
        "yes": count(field("useful", True)),
        "no": count(field("useful", False)),
        "comments": count(~field("comment", "")),
        "scores": count(field("score__isnull", False)),
        "score_average": Avg(f"{prefix}score", filter=within),
    }
    if by_score:
        counted |= {f"score_{n}": count(field("score", n)) for n in range(MAX_SCORE, 0, -1)}
    return {named + name: aggregate for name, aggregate in counted.items()}


def _counts(values: Mapping[str, Any], named: str = "") -> FeedbackCounts:
    def value(name: str) -> Any:
        return values.get(named + name)

    return FeedbackCounts(
        yes=value("yes") or 0,
        no=value("no") or 0,
        comments=value("comments") or 0,
        scores=value("scores") or 0,
        score_average=value("score_average"),
        by_score=tuple(
            (n, value(f"score_{n}") or 0)
            for n in range(MAX_SCORE, 0, -1)
            if named + f"score_{n}" in values
        ),
    )


def feedback_answers(filters: FeedbackFilters) -> QuerySet[PageFeedback]:
    return PageFeedback.objects.filter(_answer_q(filters))


def registered_events(
    user: User, *, start: date | None = None, end: date | None = None
) -> list[EventRegistration]:
    """The person's registrations to live events overlapping ``start``–``end``, one query."""
    registrations = EventRegistration.objects.filter(user=user, event__live=True)
    if end is not None:
        registrations = registrations.filter(event__date__lte=end)
    if start is not None:
        registrations = registrations.filter(
            Q(event__end_date__gte=start) | Q(event__end_date__isnull=True, event__date__gte=start)
        )
    return list(
        registrations.select_related("event").order_by("event__date", "event__start_time", "pk")
    )


def feedback_totals(filters: FeedbackFilters) -> tuple[FeedbackCounts, int]:
    """Every answer the filters let through, counted, and how many pages they are about."""
    values = feedback_answers(filters).aggregate(**_counted(), pages=Count("page", distinct=True))
    return _counts(values), values["pages"]


def feedback_by_page(filters: FeedbackFilters) -> QuerySet[PageFeedback, dict[str, Any]]:
    """One row a page readers answered about, the most recently answered first (a values
    query), with the latest comment among the answers the filters let through."""
    latest_comment = (
        feedback_answers(filters)
        .filter(page=OuterRef("page_id"))
        .exclude(comment="")
        .order_by("-updated_at", "-pk")
        .values("comment")[:1]
    )
    return (
        feedback_answers(filters)
        .values("page_id", "page__title")
        .annotate(
            **_counted(),
            last_answer_at=Max("updated_at"),
            latest_comment=Subquery(latest_comment),
        )
        .order_by("-last_answer_at", "page_id")
    )


def feedback_rows(values: Iterable[Mapping[str, Any]]) -> list[FeedbackRow]:
    return [
        FeedbackRow(
            page_id=row["page_id"],
            title=row["page__title"],
            counts=_counts(row),
            latest_comment=row["latest_comment"] or "",
            last_answer_at=row["last_answer_at"],
        )
        for row in values
    ]


def page_with_feedback_counts(page_id: int, filters: FeedbackFilters) -> Page | None:
    """The page (any page, live or not) with ``feedback_counts``, in one query; None if none."""
    page = (
        Page.objects.filter(pk=page_id)
        .annotate(
            **_counted(
                "feedback__", _answer_q(filters, "feedback__"), by_score=True, named="feedback_"
            )
        )
        .first()
    )
    if page is not None:
        page.feedback_counts = _counts(vars(page), named="feedback_")
    return page


def page_feedback(page: Page, filters: FeedbackFilters) -> QuerySet[PageFeedback]:
    return feedback_answers(filters).filter(page=page).order_by("-updated_at", "-pk")
