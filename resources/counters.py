"""Downloads counted on reads and written by the periodic job (see website.core.counters).

Buffered under the month, as ``<resource id>`` → downloads.
"""

from datetime import date

from django.core.cache import cache
from django.db.models import F

from website.core import counters

from .models import Resource, ResourceDownloadMonth

_DOWNLOADS_GENERATION_KEY = "aula:generation:resources-downloads"


def downloads_generation() -> int:
    """Part of the key of the cached lists that show download counts (selectors.course_rows):
    the periodic write moves it, so the counts they show are never older than the write."""
    return int(cache.get_or_set(_DOWNLOADS_GENERATION_KEY, 1, None) or 1)


def _downloads_written() -> None:
    try:
        cache.incr(_DOWNLOADS_GENERATION_KEY)
    except ValueError:  # never read, or evicted: any value unlike the copies' is enough
        cache.set(_DOWNLOADS_GENERATION_KEY, 2, None)


def _write_downloads(values: counters.Values) -> None:
    counts = {
        (int(resource_id), date.fromisoformat(month)): count
        for (month, resource_id), count in values.items()
    }
    resources = set(
        Resource.objects.filter(pk__in={r for r, _m in counts}).values_list("pk", flat=True)
    )
    counts = {key: count for key, count in counts.items() if key[0] in resources}
    totals: dict[int, int] = {}
    for (resource_id, _month), count in counts.items():
        totals[resource_id] = totals.get(resource_id, 0) + count
    for resource_id, count in totals.items():
        Resource.objects.filter(pk=resource_id).update(download_count=F("download_count") + count)
    if totals:
        _downloads_written()
    existing = set(
        ResourceDownloadMonth.objects.filter(
            resource_id__in=totals, month__in={m for _r, m in counts}
        ).values_list("resource_id", "month")
    )
    for (resource_id, month), count in counts.items():
        if (resource_id, month) in existing:
            ResourceDownloadMonth.objects.filter(resource_id=resource_id, month=month).update(
                count=F("count") + count
            )
    ResourceDownloadMonth.objects.bulk_create(
        [
            ResourceDownloadMonth(resource_id=resource_id, month=month, count=count)
            for (resource_id, month), count in counts.items()
            if (resource_id, month) not in existing
        ]
    )


DOWNLOADS = counters.Kind("resources.downloads", merge=counters.SUM, apply=_write_downloads)
