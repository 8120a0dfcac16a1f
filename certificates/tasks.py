"""Background work of the certificates app, run by the task worker (immediately in tests)."""

from django_tasks import task

from . import services


@task()
def execute_issue_run(*, run_id):
    services.issue_run_execute(run_id=run_id)


@task()
def tell_holders(*, certificate_ids):
    services.holders_tell(certificate_ids=certificate_ids)
