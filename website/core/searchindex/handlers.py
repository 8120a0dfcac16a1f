"""The search index is updated in the transaction that saves the object.

Wagtail (through django-modelsearch) queues a background task for every saved
page, document or image; with the database task backend nothing was searchable
until a worker ran it, and a site started without one searched none of its
pages. Indexing one object is a handful of queries in the same database, so it
is done at once, inside the saving transaction (a rolled-back save leaves no
index entry behind); only when that fails is the task queued, and
``selectors.queued_updates`` (shown by /healthz) says how many wait.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task

from .selectors import index_changed

logger = logging.getLogger(__name__)


def index_on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    try:
        with transaction.atomic():
            index.insert_or_update_object(instance)
        index_changed()
        # Once more after commit: a search between the save and the commit may
        # have cached a ranking without the new entry.
        transaction.on_commit(index_changed)
    except Exception:
        logger.exception("Search index: %s %s not indexed, queued", sender.__name__, instance.pk)
        insert_or_update_object_task.enqueue(
            sender._meta.app_label, sender._meta.model_name, str(instance.pk)
        )


def index_on_save_instead_of_queueing() -> None:
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(index_on_save, sender=model)
