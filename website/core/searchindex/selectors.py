import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

INDEX_VERSION_KEY = "aula:search-index-version"

INDEX_TASK_PATH = "modelsearch.tasks.insert_or_update_object_task"


def queued_updates() -> int | None:
    """Search-index updates waiting for the task worker; None where tasks are not kept
    in the database (they then run at once or in a backend this site cannot count).

    One query, written once per process: /healthz asks it on every call, and building
    the ORM's count each time cost more than the rest of that request."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    sql, params = _queued_updates_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


@functools.cache
def _queued_updates_query(vendor: str) -> tuple[str, tuple[str, ...]]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    quote = connection.ops.quote_name
    meta = DBTaskResult._meta
    sql = (
        f"SELECT COUNT(*) FROM {quote(meta.db_table)} "
        f"WHERE {quote(meta.get_field('task_path').column)} = %s "
        f"AND {quote(meta.get_field('status').column)} IN (%s, %s)"
    )
    return sql, (INDEX_TASK_PATH, TaskResultStatus.READY.value, TaskResultStatus.RUNNING.value)


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
