"""Classroom days: the checks every new or changed day passes, and runs of working days.

The admin's edition form (days edited inline) and the "run of days" service
both check their days here, so a day is refused for the same reasons, with
the same words, wherever it comes from.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache

from django.db import models
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Italy's national public holidays on fixed dates (month, day).
FIXED_HOLIDAYS = [
    (1, 1),
    (1, 6),
    (4, 25),
    (5, 1),
    (6, 2),
    (8, 15),
    (11, 1),
    (12, 8),
    (12, 25),
    (12, 26),
]


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm published in Nature, 1876)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def italian_public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    fixed = {date(year, month, day) for month, day in FIXED_HOLIDAYS}
    return frozenset(fixed | {easter, easter + timedelta(days=1)})


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in italian_public_holidays(day.year)


class Recurrence(models.TextChoices):
    WORKING_DAYS = "working_days", gettext_lazy("Giorni lavorativi consecutivi")
    WEEKLY = "weekly", gettext_lazy("Una volta a settimana, lo stesso giorno")


def run_of_dates(first: date, count: int, recurrence: str) -> list[date]:
    """``count`` dates from ``first`` on, never on a weekend or a national holiday.

    Working days: the first ``count`` working days from ``first`` (inclusive).
    Weekly: the same weekday each week, skipping a week that falls on a holiday.
    """
    step = timedelta(days=7 if recurrence == Recurrence.WEEKLY else 1)
    dates: list[date] = []
    day = first
    while len(dates) < count:
        if is_working_day(day):
            dates.append(day)
        day += step
    return dates


@dataclass(frozen=True)
class PlannedDay:
    """A day not (yet) saved; anything with ``date``, ``starts_at``, ``ends_at`` will do."""

    date: date
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class Problem:
    index: int  # position of the day in the list checked
    field: str
    message: str


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def schedule_problems(*, starts_on, ends_on, days) -> list[Problem]:
    """Why any of ``days`` cannot belong to an edition running from ``starts_on`` to ``ends_on``.

    A day must fall within the edition's period, end after it starts and not
    overlap another day of the same edition.
    """
    problems = []
    for index, day in enumerate(days):
        if day.ends_at <= day.starts_at:
            problems.append(
                Problem(index, "ends_at", _("L'ora di fine deve seguire l'ora di inizio."))
            )
        if starts_on and ends_on and not starts_on <= day.date <= ends_on:
            problems.append(
                Problem(
                    index,
                    "date",
                    _("Il %(date)s è fuori dal periodo dell'edizione (dal %(start)s al %(end)s).")
                    % {"date": _day(day.date), "start": _day(starts_on), "end": _day(ends_on)},
                )
            )
    for index, day in enumerate(days):
        for other in days[:index]:
            if (
                day.date == other.date
                and day.starts_at < other.ends_at
                and other.starts_at < day.ends_at
            ):
                problems.append(
                    Problem(
                        index,
                        "starts_at",
                        _(
                            "Si sovrappone a un'altra giornata dell'edizione: "
                            "%(date)s, %(start)s–%(end)s."
                        )
                        % {
                            "date": _day(other.date),
                            "start": time_format(other.starts_at, "H:i"),
                            "end": time_format(other.ends_at, "H:i"),
                        },
                    )
                )
                break
    return problems
