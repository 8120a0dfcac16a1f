from django.conf import settings

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
