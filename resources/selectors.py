"""Reading resources for a person: the library, a course's materials, versions, downloads.

Every list is filtered by ``permissions.visible_resources_filter`` (or, for the panels'
cached rows, its twin ``can_view_resource``/``lock_reason``, per person) and loads what its
template shows in a fixed number of queries, however many rows.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from wagtail.documents.models import AbstractDocument
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults
from wagtail.search.utils import parse_query_string

from courses.models import Course
from courses.selectors import enrolled_course_ids, is_enrolled_in_course
from website.accounts.types import AnyUser
from website.cms.models import ThematicArea
from website.core.generations import remember_content
from website.core.search_text import search_words

from .counters import downloads_generation
from .models import Resource, ResourceDownloadMonth, ResourceFile, ResourceVersion
from .permissions import (
    LOCK_MESSAGES,
    LockReason,
    can_list_locked_resource,
    can_view_resource,
    lock_reason,
    visible_resources_filter,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Order:
    RELEVANCE = "pertinenza"
    NEWEST = "recenti"
    TITLE = "titolo"
    DOWNLOADS = "scaricati"


# The id breaks ties, so pages never swap items between requests.
ORDERINGS = {
    Order.NEWEST: ("-published_on", "-id"),
    Order.TITLE: ("title", "id"),
    Order.DOWNLOADS: ("-download_count", "-published_on", "-id"),
}


def current_files_prefetch() -> Prefetch:
    return Prefetch(
        "current_version__files",
        queryset=ResourceFile.objects.select_related("document").order_by("sort_order", "id"),
    )


def with_listing_data(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """What a list of resources shows: course, areas, the current files and their size."""
    return queryset.select_related("course", "current_version").prefetch_related(
        "thematic_areas", current_files_prefetch()
    )


def visible_resources(user: AnyUser) -> QuerySet[Resource]:
    return Resource.objects.filter(visible_resources_filter(user))


@dataclass(frozen=True)
class LibraryFilters:
    query: str = ""
    course: Course | None = None
    kind: str = ""
    area: ThematicArea | None = None
    audience: str = ""
    year: int | None = None
    order: str = ""


def library_resources(
    user: AnyUser, filters: LibraryFilters
) -> QuerySet[Resource] | BaseSearchResults:
    """The resources the person may open, filtered, searched and sorted.

    A search goes through Wagtail's search backend (titles, descriptions, tags
    and the text read from the files), so the result may be a SearchResults
    object rather than a QuerySet; both paginate the same way.
    """
    queryset = visible_resources(user)
    if filters.course is not None:
        queryset = queryset.filter(course=filters.course)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.area is not None:
        queryset = queryset.filter(thematic_areas__slug=filters.area.slug)
    if filters.audience:
        queryset = queryset.filter(audience=filters.audience)
    if filters.year:
        queryset = queryset.filter(
            published_on__gte=date(filters.year, 1, 1),
            published_on__lt=date(filters.year + 1, 1, 1),
        )
    order = filters.order or (Order.RELEVANCE if filters.query else Order.NEWEST)
    if not filters.query:
        return with_listing_data(queryset.order_by(*ORDERINGS.get(order, ORDERINGS[Order.NEWEST])))
    # Parsed into terms and "quoted phrases" here, so that no stray quote or
    # operator reaches the database's full-text syntax.
    _filters, query = parse_query_string(filters.query, operator="and")
    if order == Order.RELEVANCE:
        return get_search_backend().search(query, with_listing_data(queryset))
    return get_search_backend().search(
        query,
        with_listing_data(queryset.order_by(*ORDERINGS.get(order, ORDERINGS[Order.NEWEST]))),
        order_by_relevance=False,
    )


def search_resources(user: AnyUser, query: str, *, limit: int) -> list[Resource]:
    """The ``limit`` resources the person may open that best match ``query`` (the
    library's search, without its filters)."""
    if not search_words(query):
        return []
    _filters, terms = parse_query_string(query, operator="and")
    return list(get_search_backend().search(terms, visible_resources(user))[:limit])


def library_years(user: AnyUser) -> list[int]:
    """The years in which the person's visible resources are dated, newest first."""
    return [day.year for day in visible_resources(user).dates("published_on", "year", "DESC")]


def courses_with_resources() -> QuerySet[Course]:
    return (
        Course.objects.filter(resources__isnull=False)
        .select_related("programme")
        .distinct()
        .order_by("programme__title", "sort_order", "code")
    )


@dataclass(frozen=True)
class ListedMaterial:
    resource: Resource
    lock: LockReason | None

    @property
    def locked(self) -> bool:
        return self.lock is not None

    @property
    def lock_message(self) -> "StrOrPromise":
        return LOCK_MESSAGES[self.lock] if self.lock is not None else ""

    @property
    def needs_login(self) -> bool:
        return self.lock == LockReason.LOGIN


def course_rows(course_id: int) -> list[Resource]:
    """Every resource of a course with what the course page shows (areas, current files), in
    its order; the same for every reader, so kept under the content generation
    (resources.apps connects what it is built from). Its download counts may lag: the page
    does not show them.

    Who may see or open each row is decided by the caller, per person, never cached here.
    """
    return remember_content(
        f"resources.course_rows:{course_id}",
        lambda: list(
            with_listing_data(Resource.objects.filter(course_id=course_id)).order_by(
                "kind", "-published_on", "title"
            )
        ),
    )


def course_materials(user: AnyUser, course: Course) -> list[ListedMaterial]:
    """A course's materials for the course page: open ones, and locked ones with the reason.

    Staff-only materials are left out for everyone else. On a warm cache no query for the
    rows; the person's place in the course and their roles as each page asks them.
    """
    enrolled = is_enrolled_in_course(user, course)
    return [
        ListedMaterial(resource, lock_reason(user, resource, enrolled=enrolled))
        for resource in course_rows(course.pk)
        if can_list_locked_resource(user, resource)
    ]


def recent_course_materials(user: AnyUser, *, limit: int = 5) -> list[Resource]:
    """The newest materials of the courses in which the person holds a place, those they
    may open (``can_view_resource``, decided here for this person).

    The rows of those courses are the same for everyone placed in them, so kept under the
    content and downloads generations, keyed by the courses: one query when not cached.
    """
    course_ids = sorted(enrolled_course_ids(user))
    if not course_ids:
        return []
    courses_key = hashlib.sha256(",".join(map(str, course_ids)).encode()).hexdigest()[:32]
    rows = remember_content(
        f"resources.recent_rows:{courses_key}:{downloads_generation()}",
        lambda: list(
            with_listing_data(Resource.objects.filter(course_id__in=course_ids)).order_by(
                "-published_on", "-pk"
            )
        ),
    )
    return [resource for resource in rows if can_view_resource(user, resource)][:limit]


def resource_versions(resource: Resource, *, all_versions: bool) -> list[ResourceVersion]:
    """The versions of a resource to show, newest first, with their files."""
    queryset = (
        ResourceVersion.objects.filter(resource=resource)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=ResourceFile.objects.select_related("document").order_by(
                    "sort_order", "id"
                ),
            )
        )
        .order_by("-number")
    )
    if not all_versions:
        if resource.current_version_id is None:
            return []
        queryset = queryset.filter(pk=resource.current_version_id)
    return list(queryset)


def monthly_downloads(resource: Resource, *, months: int = 12) -> list[ResourceDownloadMonth]:
    return list(ResourceDownloadMonth.objects.filter(resource=resource).order_by("-month")[:months])


def files_of_document(document: AbstractDocument) -> list[ResourceFile]:
    """The resource files that hold a Wagtail document (none for the web channel's documents)."""
    return list(
        ResourceFile.objects.filter(document=document).select_related(
            "version", "version__resource"
        )
    )
