"""Reactions to changes made elsewhere: Wagtail serving a document, files being deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.documents.models import document_served

from . import services
from .models import ResourceFile

# Set by the before_serve_document hook (wagtail_hooks.py) once it has let a
# resource's document through, so the download is counted without asking again.
REQUEST_RESOURCE_ATTRIBUTE = "aula_served_resource_id"


def _is_revalidation(request):
    return "if-none-match" in request.headers or "if-modified-since" in request.headers


@receiver(document_served)
def count_resource_download(sender, instance, request, **kwargs):
    resource_id = getattr(request, REQUEST_RESOURCE_ATTRIBUTE, None)
    if resource_id is None or request.method != "GET" or _is_revalidation(request):
        return
    services.resource_download_record(resource_id=resource_id)


@receiver(post_delete, sender=ResourceFile)
def clean_up_after_file(sender, instance, **kwargs):
    services.resource_file_cleanup(resource_file=instance)
