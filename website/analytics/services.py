"""Counting page views and unique visitors, and closing the counts of past days and months."""

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from website.core import counters

from .counters import VIEWS
from .models import PageViewDay, Period, Sighting, VisitorSalt, VisitStats

CLOSING_GRACE = timedelta(minutes=5)

# Crawlers, monitors, scripts and link previews are not readers.
NOT_A_READER = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|fetch|scan|curl|wget|python|java/|go-http|"
    r"httpclient|headless|lighthouse",
    re.IGNORECASE,
)


def counts_as_visit(request: HttpRequest) -> bool:
    """A reader's GET of a page: not a bot, not a prefetch, not a preview."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent or NOT_A_READER.search(agent):
        return False
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    return "prefetch" not in purpose


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _period_end(period: str, starts_on: date) -> date:
    return starts_on + timedelta(days=1) if period == Period.DAY else next_month(starts_on)


def period_salt(period: str, starts_on: date) -> str:
    """The random key of the period's hashes, made when first needed (cached until it ends)."""
    key = f"analytics:salt:{period}:{starts_on.isoformat()}"
    value: str | None = cache.get(key)
    if value is None:
        salt, _created = VisitorSalt.objects.get_or_create(
            period=period, starts_on=starts_on, defaults={"value": secrets.token_hex(32)}
        )
        value = salt.value
        ends = timezone.make_aware(datetime.combine(_period_end(period, starts_on), time.min))
        cache.set(key, value, timeout=max(int((ends - timezone.now()).total_seconds()), 1))
    return value


def visitor_digest(salt: str, request: HttpRequest) -> str:
    """A keyed hash of the visitor's address and browser; neither is kept."""
    identity = "\n".join(
        [request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_USER_AGENT", "")]
    )
    return hmac.new(salt.encode(), identity.encode(), hashlib.sha256).hexdigest()[:32]


def visit_record(*, page: Page, request: HttpRequest, now: datetime | None = None) -> None:
    """Count one view of ``page`` by this visitor, today; written by the next counters flush."""
    today = timezone.localdate(now)
    day_digest = visitor_digest(period_salt(Period.DAY, today), request)
    month_digest = visitor_digest(period_salt(Period.MONTH, month_of(today)), request)
    VIEWS.add(today.isoformat(), f"{page.pk}.{day_digest}.{month_digest}")


def visits_prepare_salts(*, today: date | None = None) -> None:
    """Make the keys of today and tomorrow (and their months) ahead, so a view only reads them."""
    today = today or timezone.localdate()
    for day in (today, today + timedelta(days=1)):
        period_salt(Period.DAY, day)
        period_salt(Period.MONTH, month_of(day))


def _save_stats(
    period: str, starts_on: date, rows: dict[int, tuple[int, int]], site: tuple[int, int]
) -> None:
    """Write the counts of a closed period: ``rows`` maps page id → (views, visitors)."""
    VisitStats.objects.filter(period=period, starts_on=starts_on).delete()
    VisitStats.objects.bulk_create(
        [
            VisitStats(
                period=period, starts_on=starts_on, page_id=page_id, views=views, visitors=visitors
            )
            for page_id, (views, visitors) in rows.items()
        ]
        + [
            VisitStats(
                period=period, starts_on=starts_on, page=None, views=site[0], visitors=site[1]
            )
        ]
    )


def _close_day(day: date) -> None:
    views = dict(PageViewDay.objects.filter(day=day).values_list("page_id", "views"))
    sightings = Sighting.objects.filter(day=day)
    visitors = dict(sightings.values("page_id").annotate(n=Count("pk")).values_list("page_id", "n"))
    rows = {
        page_id: (views.get(page_id, 0), visitors.get(page_id, 0))
        for page_id in views.keys() | visitors.keys()
    }
    site_visitors = sightings.values("day_digest").distinct().count()
    _save_stats(Period.DAY, day, rows, (sum(views.values()), site_visitors))
    PageViewDay.objects.filter(day=day).delete()
    VisitorSalt.objects.filter(period=Period.DAY, starts_on=day).delete()


def _close_month(month: date) -> None:
    ends = next_month(month)
    days = VisitStats.objects.filter(period=Period.DAY, starts_on__gte=month, starts_on__lt=ends)
    views = dict(
        days.filter(page__isnull=False)
        .values("page_id")
        .annotate(total=Sum("views"))
        .values_list("page_id", "total")
    )
    sightings = Sighting.objects.filter(day__gte=month, day__lt=ends)
    visitors = dict(
        sightings.values("page_id")
        .annotate(n=Count("month_digest", distinct=True))
        .values_list("page_id", "n")
    )
    rows = {
        page_id: (views.get(page_id, 0), visitors.get(page_id, 0))
        for page_id in views.keys() | visitors.keys()
    }
    site_views = days.filter(page__isnull=True).aggregate(total=Sum("views"))["total"] or 0
    site_visitors = sightings.values("month_digest").distinct().count()
    _save_stats(Period.MONTH, month, rows, (site_views, site_visitors))
    sightings.delete()
    VisitorSalt.objects.filter(period=Period.MONTH, starts_on=month).delete()


def visits_close_periods(*, today: date | None = None) -> int:
    """Turn the counts of every finished day and month into final figures and forget the hashes.

    Idempotent: a period is closed once, when its raw rows are deleted.
    Returns the number of days and months closed.
    """
    # Views still in the buffer belong to the periods about to close; a view that
    # began just before midnight is given a few minutes to reach the buffer.
    counters.flush()
    today = today or timezone.localdate(timezone.now() - CLOSING_GRACE)
    this_month = month_of(today)
    closed = 0
    for day in PageViewDay.objects.filter(day__lt=today).dates("day", "day"):
        with transaction.atomic():
            _close_day(day)
        closed += 1
    for month in Sighting.objects.filter(day__lt=this_month).dates("day", "month"):
        with transaction.atomic():
            _close_month(month)
        closed += 1
    # Keys of periods that saw no visit at all.
    VisitorSalt.objects.filter(period=Period.DAY, starts_on__lt=today).delete()
    VisitorSalt.objects.filter(period=Period.MONTH, starts_on__lt=this_month).delete()
    return closed
