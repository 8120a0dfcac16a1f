"""Extension point of the web channel: what else the site search reaches besides pages.

``SITE_SEARCH_SOURCES``: the site search (``/cerca/``) lists the channel's pages and,
on its first page, a section for each source: a few of the best results of one kind
(courses, resources, forum posts) that the reader may see, with a link to that kind's
own search for all of them. Each function fits ``SiteSearchSource``: it takes the
reader and the words typed and returns a ``SearchSection`` (or None when it found
nothing), checks the reader's rights itself, never lists what the reader may not
open, and makes a fixed number of queries (two at most) whatever the data.

An app registers through the constant, in its wagtail_hooks.py::

    from website.cms.hooks import SITE_SEARCH_SOURCES, SearchSection

    @hooks.register(SITE_SEARCH_SOURCES)
    def forum_search_source(user, query) -> SearchSection | None: ...

Sections appear in the order of ``SearchSection.order``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from website.accounts.types import AnyUser

SITE_SEARCH_SOURCES = "aula_site_search_sources"

# Results each section shows at most.
SECTION_SIZE = 3


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    # Plain text, or HTML the source escaped itself (matched words in <mark>).
    excerpt: str = ""
    meta: str = ""


@dataclass(frozen=True)
class SearchSection:
    # The kind of result, in the plural, as a heading ("Corsi", "Messaggi dei forum").
    kind: StrOrPromise
    # The label of each result's badge, in the singular ("Corso").
    label: StrOrPromise
    more_url: str
    # The link to that kind's own search ("Tutti i corsi trovati").
    more_text: StrOrPromise
    hits: list[SearchHit] = field(default_factory=list)
    order: int = 0


class SiteSearchSource(Protocol):
    def __call__(self, user: AnyUser, query: str) -> SearchSection | None: ...
