"""The person's own calendar in the site: a month of classroom days and other entries.

A month is asked for as ``?mese=2027-03``; ``parse_month`` says None to anything
else, so the page can explain instead of failing. ``month_grid`` lays out whole
weeks, Monday first, the days of the neighbouring months marked as outside.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from .hooks import CalendarEntry

_MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_month(value: str) -> date | None:
    """«2027-03» → 1 March 2027; None for anything malformed or out of range."""
    match = _MONTH.fullmatch(value.strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def month_param(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(first: date) -> tuple[date, date]:
    """The first and last day of the month starting on ``first``."""
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(first: date) -> date:
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)


def next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else first.replace(month=first.month + 1)


@dataclass
class AgendaItem:
    """One thing on one day: a classroom day (``session``) or another app's ``entry``."""

    day: date
    starts_at: time | None
    title: str
    url: str
    kind: str
    location: str = ""
    ends_at: time | None = None
    session: Any = None
    entry: CalendarEntry | None = None

    @property
    def sort_key(self) -> tuple[date, time, str]:
        return (self.day, self.starts_at or time.min, self.title)


@dataclass
class GridDay:
    day: date
    in_month: bool
    is_today: bool
    items: list[AgendaItem] = field(default_factory=list)


def session_item(session: Any, kind: str) -> AgendaItem:
    course = session.edition.course
    return AgendaItem(
        day=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        title=f"{course.code} – {course.title}",
        url=session.edition.get_absolute_url(),
        kind=kind,
        location="" if session.is_online else (session.edition.venue or ""),
        session=session,
    )


def entry_items(entry: CalendarEntry, *, start: date, end: date) -> list[AgendaItem]:
    """An entry on each of its days that falls between ``start`` and ``end``."""
    first, last = max(entry.starts_on, start), min(entry.ends_on, end)
    items = []
    day = first
    while day <= last:
        items.append(
            AgendaItem(
                day=day,
                starts_at=entry.starts_at if day == entry.starts_on else None,
                ends_at=entry.ends_at if day == entry.ends_on else None,
                title=entry.title,
                url=entry.url,
                kind=entry.kind,
                location=entry.location,
                entry=entry,
            )
        )
        day = date.fromordinal(day.toordinal() + 1)
    return items


def by_day(items: list[AgendaItem]) -> list[tuple[date, list[AgendaItem]]]:
    """The items grouped by day, days and items in order."""
    days: dict[date, list[AgendaItem]] = defaultdict(list)
    for item in sorted(items, key=lambda item: item.sort_key):
        days[item.day].append(item)
    return sorted(days.items())


def month_grid(first: date, items: list[AgendaItem], *, today: date) -> list[list[GridDay]]:
    """Whole weeks (Monday first) covering the month, each day with its items."""
    days = dict(by_day(items))
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    return [
        [
            GridDay(
                day=day,
                in_month=day.month == first.month,
                is_today=day == today,
                items=days.get(day, []) if day.month == first.month else [],
            )
            for day in week
        ]
        for week in weeks
    ]
