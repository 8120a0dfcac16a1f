"""Page views counted on reads and written by the periodic job (see website.core.counters).

A view is buffered under its day, as ``<page id>.<day hash>.<month hash>`` → views:
the same reader's views of a page on a day share one entry, so the buffer keeps
no more than the ``Sighting`` rows it becomes.
"""

from collections import defaultdict
from datetime import date

from django.db.models import F
from wagtail.models import Page

from website.core import counters

from .models import PageViewDay, Sighting


def _write_views(values: counters.Values) -> None:
    entries: list[tuple[int, date, str, str, int]] = []
    for (day_text, field), count in values.items():
        page_text, day_digest, month_digest = field.split(".")
        entries.append(
            (int(page_text), date.fromisoformat(day_text), day_digest, month_digest, count)
        )
    pages = set(Page.objects.filter(pk__in={e[0] for e in entries}).values_list("pk", flat=True))
    entries = [entry for entry in entries if entry[0] in pages]  # pages deleted meanwhile
    views_by_day: defaultdict[tuple[int, date], int] = defaultdict(int)
    for page_id, day, _day_digest, _month_digest, views in entries:
        views_by_day[page_id, day] += views
    existing = set(
        PageViewDay.objects.filter(
            page_id__in={page for page, _day in views_by_day},
            day__in={day for _page, day in views_by_day},
        ).values_list("page_id", "day")
    )
    for (page_id, day), views in views_by_day.items():
        if (page_id, day) in existing:
            PageViewDay.objects.filter(page_id=page_id, day=day).update(views=F("views") + views)
    PageViewDay.objects.bulk_create(
        [
            PageViewDay(page_id=page_id, day=day, views=views)
            for (page_id, day), views in views_by_day.items()
            if (page_id, day) not in existing
        ]
    )
    Sighting.objects.bulk_create(
        [
            Sighting(page_id=page_id, day=day, day_digest=day_digest, month_digest=month_digest)
            for page_id, day, day_digest, month_digest, _views in entries
        ],
        ignore_conflicts=True,
    )


VIEWS = counters.Kind("analytics.views", merge=counters.SUM, apply=_write_views)
