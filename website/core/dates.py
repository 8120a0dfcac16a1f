"""Dates in running text, the one way for both languages.

Italian (the codebase writes «6 marzo 2026», day without a leading zero and no
ordinal): the article and the prepositions elide before a day read with a vowel,
8 and 11 («l'8 ottobre», «dall'8 all'11 ottobre»), weekday names are lower case
(«lunedì 8 ottobre 2027»). English: day-month-year («8 October 2027»,
«8–12 March 2027»), never US numeric dates; the preposition is in the
translated sentence, so English gets the bare date.

- ``day_phrase(value, "il")`` → «l'8 ottobre 2027» / «8 October 2027»; also "al",
  "dal", "del", "nel" («all'8 ottobre 2027»);
- ``date_range(start, end)`` → «dall'8 al 12 ottobre 2027» / «8–12 October 2027»,
  «dal 28 febbraio al 3 marzo 2027» / «28 February – 3 March 2027», across years
  both dates in full; a one-day range is the day with «il» («l'8 ottobre 2027»);
- ``long_day(value)`` → «lunedì 8 ottobre 2027» / «Monday 8 October 2027».
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import get_language

# Days read with an initial vowel in Italian: otto, undici.
_VOWEL_DAYS = frozenset({8, 11})
_ELIDED = {"il": "l'", "al": "all'", "dal": "dall'", "del": "dell'", "nel": "nell'"}


def _italian() -> bool:
    return (get_language() or "it").split("-")[0] == "it"


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def with_article(preposition: str, day: int, text: str) -> str:
    """«il» + «8 ottobre» → «l'8 ottobre»; «al» + «3 marzo» → «al 3 marzo»."""
    if day in _VOWEL_DAYS and preposition in _ELIDED:
        return _ELIDED[preposition] + text
    return f"{preposition} {text}"


def day_phrase(value: datetime.date | datetime.datetime | None, preposition: str = "il") -> str:
    """The date as running text takes it after ``preposition`` (Italian only)."""
    if value is None:
        return ""
    day = _as_date(value)
    text = formats.date_format(day, "DATE_FORMAT")
    if not _italian():
        return text
    return with_article(preposition, day.day, text)


def date_range(
    start: datetime.date | datetime.datetime | None, end: datetime.date | datetime.datetime | None
) -> str:
    """From ``start`` to ``end``, the shared month and year written once."""
    if start is None or end is None:
        return day_phrase(start or end)
    start, end = _as_date(start), _as_date(end)
    if start == end:
        return day_phrase(start)
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    elif start.year == end.year:
        first = formats.date_format(start, "MONTH_DAY_FORMAT")
    else:
        first = formats.date_format(start, "DATE_FORMAT")
    last = formats.date_format(end, "DATE_FORMAT")
    if _italian():
        return f"{with_article('dal', start.day, first)} {with_article('al', end.day, last)}"
    separator = "–" if first.isdigit() else " – "
    return f"{first}{separator}{last}"


def long_day(value: datetime.date | datetime.datetime | None) -> str:
    """Weekday and date for running text: «lunedì 8 ottobre 2027» / «Monday 8 October 2027»."""
    if value is None:
        return ""
    day = _as_date(value)
    weekday = formats.date_format(day, "l")
    if _italian():
        weekday = weekday.lower()
    return f"{weekday} {formats.date_format(day, 'DATE_FORMAT')}"


def yes_no(value: object) -> str:
    """A boolean as a word of the active language: «Sì» / «No»."""
    from django.utils.translation import gettext

    return gettext("Sì") if value else gettext("No")
