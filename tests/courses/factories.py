"""Helpers shared by the courses tests, the query-count tests and the browser tests."""

from datetime import time, timedelta
from decimal import Decimal

from courses.models import Session


def add_days(edition, start, count, *, mode=Session.Mode.CLASSROOM, meeting_url="", online=()):
    """``count`` consecutive 9:00–14:00 days of five hours from ``start``.

    Every day takes ``mode``, except the positions listed in ``online``, which are live online.
    """
    Session.objects.bulk_create(
        Session(
            edition=edition,
            date=start + timedelta(days=offset),
            starts_at=time(9),
            ends_at=time(14),
            hours=Decimal("5"),
            mode=Session.Mode.ONLINE if offset in online else mode,
            meeting_url=meeting_url if (mode == Session.Mode.ONLINE or offset in online) else "",
        )
        for offset in range(count)
    )
