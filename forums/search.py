"""Searching posts: their plain text, their words for PostgreSQL and the query FTS5 reads
(SQLite)."""

import html
import re
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func
from django.utils.html import strip_tags

from website.core.search_text import search_words, snippet, stem

BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|blockquote|pre|h[1-6]|br|hr|div|table|tr|td|th)\b", re.I)


def plain_text(post_html: str) -> str:
    """A post's sanitised HTML as one line of text: what excerpts, emails and notices show.

    A space before each block's tags keeps the words of adjacent blocks apart
    ("<p>a</p><p>b</p>"); inline tags stay glued to their words ("<em>a</em>:").
    """
    spaced = BLOCK_TAG.sub(r" \g<0>", post_html)
    return " ".join(html.unescape(strip_tags(spaced)).split())


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


__all__ = ["ItalianWords", "fts5_query", "plain_text", "search_words", "snippet", "stem"]
