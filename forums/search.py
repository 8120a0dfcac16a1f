"""Showing search results: a short excerpt of each post with the words found marked."""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

EXCERPT_LENGTH = 240
BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|blockquote|pre|h[1-6]|br|hr|div|table|tr|td|th)\b", re.I)


def plain_text(post_html: str) -> str:
    """A post's sanitised HTML as one line of text: what excerpts, emails and notices show.

    A space before each block's tags keeps the words of adjacent blocks apart
    ("<p>a</p><p>b</p>"); inline tags stay glued to their words ("<em>a</em>:").
    """
    spaced = BLOCK_TAG.sub(r" \g<0>", post_html)
    return " ".join(html.unescape(strip_tags(spaced)).split())


def snippet(text: str, words) -> str:
    """Escaped excerpt around the first word found, each word wrapped in <mark>."""
    text = " ".join(text.split())
    words = [word for word in words if word]
    lower = text.lower()
    found = [lower.find(word.lower()) for word in words if word.lower() in lower]
    start = max(min(found) - 60, 0) if found else 0
    excerpt = text[start : start + EXCERPT_LENGTH]
    if not words:
        return escape(excerpt)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_LENGTH < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
