"""Downloads counted on reads and written by the periodic job (see website.core.counters).

Buffered under the month, as ``<resource id>`` → downloads.
"""

from datetime import date

from django.db.models import F

from website.core import counters

from .models import Resource, ResourceDownloadMonth


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
