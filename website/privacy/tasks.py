"""Background work of the personal-data app, run by the task worker (immediately in tests)."""

from django_tasks import task

from . import services


@task()
def build_export(*, export_id):
    services.export_build(export_id=export_id)
