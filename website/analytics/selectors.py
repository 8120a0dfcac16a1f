"""Reading the visit counts: months, the days of a month, the most visited pages.

Closed periods come from ``VisitStats``; the current day and month are
counted from the raw rows, so the report is always up to date.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import PageViewDay, Period, Sighting, VisitStats
from .services import month_of, next_month

# ``page_id=None`` selects the site-wide rows (IS NULL), which Django accepts for an exact
# lookup; django-stubs refuses None there, hence the ignores below.


@dataclass(frozen=True)
class VisitCount:
    starts_on: date
    views: int
    visitors: int


@dataclass(frozen=True)
class VisitReport:
    """The last months, the current one first, and the days of the chosen month, newest first."""

    months: list[VisitCount]
    days: list[VisitCount]


def _months_back(today: date, count: int) -> list[date]:
    months = [month_of(today)]
    while len(months) < count:
        months.append(month_of(months[-1].replace(day=1) - timedelta(days=1)))
    return months


def visit_report(
    month: date, *, months: int = 12, today: date | None = None, page_id: int | None = None
) -> VisitReport:
    """Views and unique visitors of the last ``months`` months and of each day of ``month``
    until today, for the whole site or (``page_id``) one page. Three queries: the closed
    months and days, then today's month's views and visitors counted from the raw rows."""
    today = today or timezone.localdate()
    current = month_of(today)
    starts = _months_back(today, months)
    days_end = min(next_month(month), today + timedelta(days=1))
    closed_months: dict[date, VisitCount] = {}
    closed_days: dict[date, VisitCount] = {}
    for row in VisitStats.objects.filter(  # type: ignore[misc]  # page_id=None: the site-wide rows
        Q(period=Period.MONTH, starts_on__in=starts[1:])
        | Q(period=Period.DAY, starts_on__gte=current, starts_on__lt=next_month(current))
        | Q(period=Period.DAY, starts_on__gte=month, starts_on__lt=days_end),
        page_id=page_id,
    ):
        closed = closed_months if row.period == Period.MONTH else closed_days
        closed[row.starts_on] = VisitCount(row.starts_on, row.views, row.visitors)
    sightings = Sighting.objects.filter(day__gte=current, day__lt=next_month(current))
    open_views = PageViewDay.objects.filter(day__gte=current, day__lt=next_month(current))
    if page_id is not None:
        sightings = sightings.filter(page_id=page_id)
        open_views = open_views.filter(page_id=page_id)
    views = open_views.aggregate(month=Sum("views"), today=Sum("views", filter=Q(day=today)))
    visitors = sightings.aggregate(
        month=Count("month_digest", distinct=True),
        today=Count("day_digest", distinct=True, filter=Q(day=today)),
    )
    closed_this_month = sum(
        count.views for day, count in closed_days.items() if current <= day < next_month(current)
    )
    counts = [VisitCount(current, (views["month"] or 0) + closed_this_month, visitors["month"])]
    counts += [closed_months.get(start, VisitCount(start, 0, 0)) for start in starts[1:]]
    days = []
    day = month
    while day < days_end:
        days.append(closed_days.get(day, VisitCount(day, 0, 0)))
        day += timedelta(days=1)
    if month == current:
        days[-1] = VisitCount(today, views["today"] or 0, visitors["today"] or 0)
    return VisitReport(counts, list(reversed(days)))


@dataclass(frozen=True)
class TopPage:
    page_id: int
    title: str
    views: int
    visitors: int


def top_pages(month: date, *, limit: int = 20, today: date | None = None) -> list[TopPage]:
    """The pages with most unique visitors in ``month``, with their titles. Two queries at
    most: the month's counts (closed months) or its visitors and then their views."""
    today = today or timezone.localdate()
    if month < month_of(today):
        rows = (
            VisitStats.objects.filter(period=Period.MONTH, starts_on=month, page__isnull=False)
            .values_list("page_id", "page__title", "views", "visitors")
            .order_by("-visitors", "-views", "page_id")[:limit]
        )
        return [TopPage(*row) for row in rows]
    ends = next_month(month)
    visitors = list(
        Sighting.objects.filter(day__gte=month, day__lt=ends)
        .values("page_id", "page__title")
        .annotate(n=Count("month_digest", distinct=True))
        .order_by("-n", "page_id")[:limit]
    )
    page_ids = [row["page_id"] for row in visitors]
    views: dict[int, int] = defaultdict(int)
    # The views still counted by day and those of the days already closed, in one query.
    open_views = PageViewDay.objects.filter(
        day__gte=month, day__lt=ends, page_id__in=page_ids
    ).values_list("page_id", "views")
    closed_views = VisitStats.objects.filter(
        period=Period.DAY, starts_on__gte=month, starts_on__lt=ends, page_id__in=page_ids
    ).values_list("page_id", "views")
    if page_ids:
        for page_id, n in open_views.union(closed_views, all=True):
            views[page_id] += n
    return [
        TopPage(row["page_id"], row["page__title"], views[row["page_id"]], row["n"])
        for row in visitors
    ]
