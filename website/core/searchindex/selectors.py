import time

from django.conf import settings
from django.core.cache import cache

INDEX_VERSION_KEY = "aula:search-index-version"

INDEX_TASK_PATH = "modelsearch.tasks.insert_or_update_object_task"


def queued_updates() -> int | None:
    """Search-index updates waiting for the task worker; None where tasks are not kept
    in the database (they then run at once or in a backend this site cannot count)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=INDEX_TASK_PATH,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).count()


def index_version() -> int:
    """Moves on with every update of the search index (what cached rankings are keyed by)."""
    version = cache.get(INDEX_VERSION_KEY)
    if version is None:
        cache.add(INDEX_VERSION_KEY, 1, None)
        version = cache.get(INDEX_VERSION_KEY, 1)
    return int(version)


def index_changed() -> None:
    try:
        cache.incr(INDEX_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value changes every key
        cache.set(INDEX_VERSION_KEY, time.time_ns(), None)
