from django_tasks import task

from . import services


@task()
def process_resource_file(file_id):
    """Read a new file's text for search and draw its preview, away from the request."""
    services.resource_file_process(file_id=file_id)
