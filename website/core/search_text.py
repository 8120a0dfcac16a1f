"""Words of a search and the excerpt that shows them: shared by every search of the site.

``search_words`` keeps only letters and digits of what was typed, so that no quote,
bracket or operator of a database's full-text syntax ever reaches it. ``snippet``
marks each word found in any of its inflected forms (``stem``).
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 240

# A word of a query: letters and digits only, so that no quote, bracket or operator of the
# databases' full-text syntax ever reaches them («AND (», «"», «*», «-»).
WORD = re.compile(r"[^\W_]+")
MIN_WORD_LENGTH = 2
MAX_WORDS = 8
# Italian inflects mostly in the final vowels (contratto, contratti, contratta).
INFLECTED_ENDING = re.compile(r"[aeiouàèéìíòóù]+$")
MIN_STEM_LENGTH = 4


def search_words(query: str) -> list[str]:
    """The words of a query worth searching (two characters or more, at most eight, each once)."""
    words: list[str] = []
    for word in WORD.findall(query.lower()):
        if len(word) >= MIN_WORD_LENGTH and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def stem(word: str) -> str:
    """A light Italian stem: the word without its final vowels, when four letters remain.

    SQLite's FTS5 has no Italian stemmer: searching the stem as a prefix finds
    «contratto» for «contratti». PostgreSQL stems with its own Italian dictionary;
    the highlighting of both uses this one.
    """
    word = word.lower()
    trimmed = INFLECTED_ENDING.sub("", word)
    return trimmed if len(trimmed) >= MIN_STEM_LENGTH else word


OPEN_FRAME, CLOSE_FRAME = "\x02", "\x03"
FRAMED_WORD = OPEN_FRAME + r"\g<0>" + CLOSE_FRAME
NO_FRAMES = str.maketrans("", "", OPEN_FRAME + CLOSE_FRAME)


# A page of results marks the same words in each excerpt: their pattern is built once.
@lru_cache(maxsize=256)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    stems = sorted({stem(word) for word in words if word}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(s) for s in stems) + r")[^\W_]*", re.IGNORECASE
    )


def snippet(text: str, words: list[str]) -> SafeString:
    """Escaped excerpt around the first word found, each word wrapped in <mark>.

    A word matches in any of its inflected forms (its stem as a prefix: «contratti»
    marks «contratto»), as the search found it.
    """
    text = " ".join(text.split())
    pattern = _word_pattern(tuple(words))
    first = pattern.search(text) if pattern else None
    start = 0
    if first is not None and first.start() > 60:
        # About sixty characters before the first word found, from a word's beginning.
        space = text.find(" ", first.start() - 60, first.start())
        start = space + 1 if space >= 0 else first.start() - 60
    excerpt = text[start : start + EXCERPT_LENGTH]
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_LENGTH < len(text) else ""
    if pattern is None:
        return mark_safe(prefix + escape(excerpt) + suffix)
    # Each word found is framed by two control characters that the excerpt cannot hold, the
    # excerpt is escaped once, and the frames become <mark> tags: escaping piece by piece was
    # most of an excerpt's cost on a page of results.
    framed = pattern.sub(FRAMED_WORD, excerpt.translate(NO_FRAMES))
    marked = escape(framed).replace(OPEN_FRAME, "<mark>").replace(CLOSE_FRAME, "</mark>")
    return mark_safe(prefix + marked + suffix)
