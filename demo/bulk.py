"""Many published pages under one parent at once, for load-test data and the performance tests.

``Page.add_child`` validates, asks the tree for the last child, updates the
parent and queues search and reference indexing for every page: a few dozen
queries each. Here the tree paths of the new children are computed once from
the parent's last child (treebeard's materialised path), each page is written
with its own table rows only, the parent's child count is updated once, and
the search index is filled in batches at the end. Pages written this way are
live and have no revisions (Wagtail creates the first when an editor edits
one), which is what generated volume needs.
"""

from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from website.cms.models import ContentPage
from website.core.searchindex.handlers import index_on_save

INDEX_BATCH = 500


@contextmanager
def search_indexing_paused(*page_models):
    """Stop the per-save indexing of ``page_models`` (they are indexed in batches afterwards)."""
    for model in page_models:
        post_save.disconnect(index_on_save, sender=model)
    try:
        yield
    finally:
        for model in page_models:
            post_save.connect(index_on_save, sender=model)


def _next_step(parent):
    last = parent.get_last_child()
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1


def add_children(parent, pages, *, relations=None):
    """Write the unsaved ``pages`` (all of one model) as live children of ``parent``.

    ``relations(pages)`` runs after the pages have ids and before indexing: it
    creates their tags, areas and child rows in bulk. Returns the pages.
    """
    if not pages:
        return pages
    model = type(pages[0])
    now = timezone.now()
    with transaction.atomic(), search_indexing_paused(model), disable_reference_index_auto_update():
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        step = _next_step(parent)
        for offset, page in enumerate(pages):
            page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or page.first_published_at
            # Django's own save: the page's table rows and nothing else (see the module's note).
            models.Model.save(page)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        if relations is not None:
            relations(pages)
        ids = [page.pk for page in pages]
        backend = get_search_backend()
        for start in range(0, len(ids), INDEX_BATCH):
            batch = list(
                model.get_indexed_objects().filter(pk__in=ids[start : start + INDEX_BATCH])
            )
            backend.add_bulk(model, batch)
    return pages


def add_areas(pairs):
    """Put each (page, thematic area) pair in the page's areas, in one statement per 1,000."""
    through = ContentPage.thematic_areas.through
    through.objects.bulk_create(
        [through(contentpage_id=page.pk, thematicarea_id=area.pk) for page, area in pairs],
        batch_size=1000,
    )
