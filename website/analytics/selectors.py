"""Reading the visit counts: months, the days of a month, the most visited pages.

Closed periods come from ``VisitStats``; the current day and month are
counted from the raw rows, so the report is always up to date.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils import timezone
from wagtail.models import Page

from .models import PageViewDay, Period, Sighting, VisitStats
from .services import month_of, next_month

# ``page_id=None`` selects the site-wide rows (IS NULL), which Django accepts for an exact
# lookup; django-stubs refuses None there, hence the ignores below.


@dataclass(frozen=True)
class VisitCount:
    starts_on: date
    views: int
    visitors: int


def _months_back(today: date, count: int) -> list[date]:
    months = [month_of(today)]
    while len(months) < count:
        months.append(month_of(months[-1].replace(day=1) - timedelta(days=1)))
    return months


def _live_month(month: date, page_id: int | None = None) -> VisitCount:
    ends = next_month(month)
    sightings = Sighting.objects.filter(day__gte=month, day__lt=ends)
    open_views = PageViewDay.objects.filter(day__gte=month, day__lt=ends)
    closed_days = VisitStats.objects.filter(  # type: ignore[misc]  # page_id=None: the site-wide rows
        period=Period.DAY, starts_on__gte=month, starts_on__lt=ends, page_id=page_id
    )
    if page_id is not None:
        sightings = sightings.filter(page_id=page_id)
        open_views = open_views.filter(page_id=page_id)
    views = (open_views.aggregate(n=Sum("views"))["n"] or 0) + (
        closed_days.aggregate(n=Sum("views"))["n"] or 0
    )
    return VisitCount(month, views, sightings.values("month_digest").distinct().count())


def monthly_counts(
    *, months: int = 12, today: date | None = None, page_id: int | None = None
) -> list[VisitCount]:
    """Views and unique visitors of the last ``months`` months, the current one first."""
    today = today or timezone.localdate()
    starts = _months_back(today, months)
    closed = {
        row.starts_on: VisitCount(row.starts_on, row.views, row.visitors)
        for row in VisitStats.objects.filter(  # type: ignore[misc]  # page_id=None: the site-wide rows
            period=Period.MONTH, starts_on__in=starts[1:], page_id=page_id
        )
    }
    counts = [_live_month(starts[0], page_id)]
    counts += [closed.get(month, VisitCount(month, 0, 0)) for month in starts[1:]]
    return counts


def daily_counts(
    month: date, *, today: date | None = None, page_id: int | None = None
) -> list[VisitCount]:
    """Views and unique visitors of each day of ``month`` until today."""
    today = today or timezone.localdate()
    ends = min(next_month(month), today + timedelta(days=1))
    closed = {
        row.starts_on: VisitCount(row.starts_on, row.views, row.visitors)
        for row in VisitStats.objects.filter(  # type: ignore[misc]  # page_id=None: the site-wide rows
            period=Period.DAY, starts_on__gte=month, starts_on__lt=ends, page_id=page_id
        )
    }
    days = []
    day = month
    while day < ends:
        days.append(closed.get(day, VisitCount(day, 0, 0)))
        day += timedelta(days=1)
    if month <= today < next_month(month):
        sightings = Sighting.objects.filter(day=today)
        views = PageViewDay.objects.filter(day=today)
        if page_id is not None:
            sightings, views = sightings.filter(page_id=page_id), views.filter(page_id=page_id)
        days[-1] = VisitCount(
            today,
            views.aggregate(n=Sum("views"))["n"] or 0,
            sightings.values("day_digest").distinct().count(),
        )
    return list(reversed(days))


@dataclass(frozen=True)
class TopPage:
    page: Page
    views: int
    visitors: int


def top_pages(month: date, *, limit: int = 20, today: date | None = None) -> list[TopPage]:
    """The pages with most unique visitors in ``month``."""
    today = today or timezone.localdate()
    if month < month_of(today):
        rows = (
            VisitStats.objects.filter(period=Period.MONTH, starts_on=month, page__isnull=False)
            .select_related("page")
            .order_by("-visitors", "-views", "page_id")[:limit]
        )
        return [TopPage(row.page, row.views, row.visitors) for row in rows]
    ends = next_month(month)
    visitors = list(
        Sighting.objects.filter(day__gte=month, day__lt=ends)
        .values("page_id")
        .annotate(n=Count("month_digest", distinct=True))
        .order_by("-n", "page_id")[:limit]
    )
    page_ids = [row["page_id"] for row in visitors]
    views = dict(
        PageViewDay.objects.filter(day__gte=month, day__lt=ends, page_id__in=page_ids)
        .values("page_id")
        .annotate(n=Sum("views"))
        .values_list("page_id", "n")
    )
    for page_id, n in (
        VisitStats.objects.filter(
            period=Period.DAY, starts_on__gte=month, starts_on__lt=ends, page_id__in=page_ids
        )
        .values("page_id")
        .annotate(n=Sum("views"))
        .values_list("page_id", "n")
    ):
        views[page_id] = views.get(page_id, 0) + n
    pages = Page.objects.in_bulk(page_ids)
    return [
        TopPage(pages[row["page_id"]], views.get(row["page_id"], 0), row["n"])
        for row in visitors
        if row["page_id"] in pages
    ]
