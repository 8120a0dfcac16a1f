"""How staff write acts in a search box: «D.Lgs. 150/2015», «d.lgs. n. 150 del 2015»,
«decreto legislativo 150/2015», «D.L. 185/2008», «L. 68/1999», «DPR 445/2000»,
«DGR 12/2021», «art. 18 d.lgs. 150/2015».

``parse_citation`` finds the act's kind (as stored in ``RegulationPage.act_kind``),
its number and year, and an article; what is left are ordinary words. ``suggest``
proposes, for a search that found nothing, the words of the site one typo away
(«ricolocazione» → «ricollocazione»).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Longest forms first: «d.lgs.» before «d.l.», «l.r.» before «l.».
_KINDS = [
    (r"d\.?\s?lgs\.?|decreto\s+legislativo", "decreto-legislativo"),
    (r"d\.?\s?l\.|decreto[\s-]+legge|dl\b", "decreto-legge"),
    (r"d\.?\s?p\.?\s?r\.?|decreto\s+del\s+presidente\s+della\s+repubblica", "dpr"),
    (
        r"d\.?\s?g\.?\s?r\.?|delibera(?:zione)?\s+(?:della\s+)?giunta(?:\s+regionale)?",
        "delibera-regionale",
    ),
    (r"l\.\s?r\.|lr\b|legge\s+regionale", "legge-regionale"),
    (r"l\.|legge", "legge"),
]
_KIND = re.compile(
    r"(?<![\w.])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_KINDS)) + r")",
    re.IGNORECASE,
)
_NUMBER_YEAR = re.compile(
    r"(?<![\w/])(?:n\.?\s*)?(?P<number>\d{1,5}(?:[-/]?(?:bis|ter|quater|[a-z]))?)"
    r"\s*(?:/|\s+del(?:l')?\s*|,\s*)(?P<year>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"\bart(?:icolo|\.)?\s*(?P<article>\d+(?:-?(?:bis|ter|quater))?)", re.I)


@dataclass(frozen=True)
class Citation:
    kind: str = ""
    number: str = ""
    year: int | None = None
    article: str = ""
    rest: str = ""

    @property
    def names_an_act(self) -> bool:
        return bool(self.number and self.year)


def parse_citation(text: str) -> Citation:
    """The act named in ``text`` (kind, number/year, article) and the other words."""
    rest = text
    article = ""
    if match := _ARTICLE.search(rest):
        article = match.group("article")
        rest = rest[: match.start()] + " " + rest[match.end() :]
    number, year = "", None
    if match := _NUMBER_YEAR.search(rest):
        number, year = match.group("number"), int(match.group("year"))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    kind = ""
    if number and (match := _KIND.search(rest)):
        kind = next(_KINDS[int(name[1:])][1] for name, value in match.groupdict().items() if value)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    return Citation(kind, number, year, article, " ".join(rest.split()))


# --- "Forse cercavi…" -------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Every word of four letters or more in ``texts``, lower case, with how often it occurs."""
    words: Counter[str] = Counter()
    for text in texts:
        words.update(word.lower() for word in _WORD.findall(text or ""))
    return words


def one_typo_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def suggest(query: str, words: Counter[str]) -> str:
    """``query`` with each unknown word replaced by the most frequent word one typo away."""
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        lower = word.lower()
        if lower in words:
            return word
        near = [c for c in words if one_typo_apart(lower, c)]
        if not near:
            return word
        changed = True
        return max(near, key=lambda c: (words[c], c))

    suggestion = _WORD.sub(replace, query)
    return suggestion if changed else ""
