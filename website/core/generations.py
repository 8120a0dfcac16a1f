"""Cache generations: what a cached copy was built from, and the one place that says it changed.

Every cache of what the public pages show (the main menu, whole anonymous pages) puts the
*content generation* in its keys. Anything that changes what a page shows bumps it: every
such copy is then unreachable at once (and expires on its own), on every app server sharing
the cache. Wagtail's page events and the site-wide models are connected here; higher apps
connect their own models with :func:`bump_content_on_change` (or call
:func:`content_changed`), since this layer imports none of them.

Each person's header (their menu, their unread count) is cached under their own *user
generation*, bumped by :func:`user_changed` when what it shows changes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models

_CONTENT_KEY = "aula:generation:content"
_USER_KEY = "aula:generation:user:{user_id}"


def _read(key: str) -> int:
    return int(cache.get_or_set(key, 1, None) or 1)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Not there (never read, or evicted): any value unlike the copies' is enough.
        cache.set(key, 2, None)


def content_generation() -> int:
    return _read(_CONTENT_KEY)


def content_changed(**kwargs: object) -> None:
    """Something the public pages show changed: forget every cached page and menu.

    Takes any keyword arguments, so it can be connected to a signal as it is.
    """
    _bump(_CONTENT_KEY)


def user_generation(user_id: int) -> int:
    return _read(_USER_KEY.format(user_id=user_id))


def user_changed(user_id: int) -> None:
    """Something one person's header shows changed (their name, rights, unread count)."""
    _bump(_USER_KEY.format(user_id=user_id))


def _model_changed(sender: type, **kwargs: object) -> None:
    content_changed()


def bump_content_on_change(*model_classes: type[models.Model]) -> None:
    """Forget the cached pages whenever a row of these models is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in model_classes:
        uid = f"aula-content-{model._meta.label_lower}"
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"{uid}-deleted")


def _page_deleted(sender: type, instance: object, **kwargs: object) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def _setting_saved(sender: type, created: bool = False, **kwargs: object) -> None:
    # A setting's row is created with its defaults the first time a page reads it: the
    # page already showed those.
    if not created:
        content_changed()


def connect_signals() -> None:
    """Wagtail's page events and the site-wide models every page shows."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import SiteIdentity

    page_published.connect(content_changed, dispatch_uid="aula-content-published")
    page_unpublished.connect(content_changed, dispatch_uid="aula-content-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="aula-content-moved")
    post_delete.connect(_page_deleted, dispatch_uid="aula-content-page-deleted")
    post_save.connect(_setting_saved, sender=SiteIdentity, dispatch_uid="aula-content-identity")
    bump_content_on_change(Site, PageViewRestriction, get_document_model(), get_image_model())
