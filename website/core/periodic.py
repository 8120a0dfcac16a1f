"""Jobs that run on a schedule: reminders, scheduled publishing, digests.

An app declares a job in its ``periodic.py``::

    from datetime import timedelta
    from website.core.periodic import periodic

    @periodic(every=timedelta(hours=1))
    def send_session_reminders():
        ...

``manage.py run_periodic`` (started by ``manage.py serve``; in production a
service of its own, or ``run_periodic --once`` from cron every minute) runs
each job when it is due. The last run of each job is kept in the database and
claimed with a row lock, so several processes never run the same job twice
at once. Jobs must be idempotent: a run that fails is simply retried later.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    function: Callable[[], object]


_registry: dict[str, Job] = {}


def periodic(*, every: timedelta):
    def register(function):
        name = f"{function.__module__}.{function.__qualname__}"
        _registry[name] = Job(name=name, every=every, function=function)
        return function

    return register


def registered_jobs() -> dict[str, Job]:
    autodiscover_modules("periodic")
    return dict(_registry)


def run_due_jobs(*, now=None) -> list[str]:
    """Run every job whose interval has passed since its last run; return their names."""
    from .models import PeriodicJobRun

    now = now or timezone.now()
    ran = []
    for job in registered_jobs().values():
        with transaction.atomic():
            PeriodicJobRun.objects.get_or_create(name=job.name)
            run = PeriodicJobRun.objects.select_for_update().get(name=job.name)
            if run.last_run_at is not None and run.last_run_at + job.every > now:
                continue
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
        try:
            job.function()
        except Exception:
            logger.exception("Periodic job %s failed; it will run again when next due", job.name)
            PeriodicJobRun.objects.filter(name=job.name).update(last_run_at=None)
        else:
            ran.append(job.name)
    return ran


@periodic(every=timedelta(minutes=1))
def flush_counters():
    """Write the page views, downloads and read marks counted since the last run."""
    from . import counters

    counters.flush()
