"""Scheduled forum work: the daily digest and trimming the live-update log."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from website.core.periodic import periodic

from . import notify, services


@periodic(every=timedelta(hours=1))
def send_forum_digests():
    """Each person on the digest gets at most one a day (the job runs hourly)."""
    notify.digests_send_due()


@periodic(every=timedelta(hours=1))
def prune_forum_events():
    services.event_log_prune(
        before=timezone.now() - timedelta(hours=settings.FORUMS_EVENT_RETENTION_HOURS)
    )
