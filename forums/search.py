"""Searching posts: their plain text, their words for PostgreSQL and the query FTS5 reads
(SQLite)."""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString

from website.accounts.models import person_name
from website.core.search_text import search_words, snippet, stem

# A tag as the sanitiser writes it (website.core.sanitize: nh3): attribute values always in
# double quotes, a "<" of the text always escaped, comments removed. Block tags become a
# space so that the words of adjacent blocks stay apart ("<p>a</p><p>b</p>"); inline tags
# stay glued to their words ("<em>a</em>:").
BLOCK_TAG = re.compile(
    r'</?(?:p|li|ul|ol|blockquote|pre|h[1-6]|br|hr|div|table|tr|td|th)\b(?:[^>"]|"[^"]*")*>',
    re.I,
)
TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def plain_text(post_html: str) -> str:
    """A post's sanitised HTML as one line of text: what excerpts, emails and notices show.

    Two regular expressions rather than an HTML parser: a page of search results reads a
    post's text for each excerpt, and a parser's Python calls per tag were most of its cost.
    """
    text = TAG.sub("", BLOCK_TAG.sub(" ", post_html))
    return " ".join(html.unescape(text).split())


class ItalianWords(Func):
    """A text as PostgreSQL's Italian words, ``to_tsvector('italian', …)``: what
    ``Post.search_vector`` stores. SQLite has no such function; its FTS5 table
    (migration 0006) indexes the posts there, and the column stays empty (NULL)."""

    function = "to_tsvector"
    template = "%(function)s('italian'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list]:
        return "NULL", []


def fts5_query(words: list[str]) -> str:
    """An FTS5 query finding every word's stem as a prefix (implicit AND), quoted: never
    read as syntax."""
    return " ".join(f'"{stem(word)}"*' for word in words)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What the search page shows of a post found, ready to print: a page of results renders
    plain strings, not models, dates and excerpts computed in the template's loop."""

    url: str
    topic: str
    forum: str
    author: str
    created_iso: str
    created_label: str
    excerpt: SafeString


# What a result shows, read as values: no model is built for a result.
RESULT_VALUES = (
    "pk",
    "html",
    "created_at",
    "topic__title",
    "topic__forum__title",
    "author_id",
    "author__first_name",
    "author__last_name",
    "author__email",
    "author__erased_at",
)


def search_results(
    rows: Iterable[dict[str, Any]],
    words: list[str],
    *,
    post_url: str,
    placeholder: str,
    someone: str,
) -> list[SearchResult]:
    """The page's posts (``RESULT_VALUES``) as results. ``post_url`` is one post's link with
    ``placeholder`` where each post's number goes (one reverse a page); ``someone`` signs a post
    without author."""
    local_zone = timezone.get_current_timezone()
    short_datetime = get_format("SHORT_DATETIME_FORMAT")
    results = []
    for row in rows:
        created = row["created_at"].astimezone(local_zone)
        author = someone
        if row["author_id"] is not None:
            author = person_name(
                row["author__first_name"],
                row["author__last_name"],
                row["author__email"],
                row["author__erased_at"],
            )
        results.append(
            SearchResult(
                url=post_url.replace(placeholder, str(row["pk"])),
                topic=row["topic__title"],
                forum=row["topic__forum__title"],
                author=author,
                created_iso=created.isoformat(),
                created_label=dateformat.format(created, short_datetime),
                excerpt=snippet(plain_text(row["html"]), words),
            )
        )
    return results


__all__ = [
    "RESULT_VALUES",
    "ItalianWords",
    "SearchResult",
    "fts5_query",
    "plain_text",
    "search_results",
    "search_words",
    "snippet",
    "stem",
]
