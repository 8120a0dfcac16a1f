"""Cache generations: what a cached copy was built from, and the one place that says it changed.

Every cache of what the public pages show (the main menu, whole anonymous pages) puts the
*content generation* in its keys. Anything that changes what a page shows bumps it: every
such copy is then unreachable at once (and expires on its own), on every app server sharing
the cache. Wagtail's page events and the site-wide models are connected here; higher apps
connect their own models with :func:`bump_content_on_change` (or call
:func:`content_changed`), since this layer imports none of them.

Each person's header (their menu, their unread count) and permissions are cached under their
own *user generation*, bumped by :func:`user_changed` when what it shows changes, and under
the *rights generation*, bumped by :func:`rights_changed` when what a group grants changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import models

T = TypeVar("T")

_CONTENT_KEY = "aula:generation:content"
_USER_KEY = "aula:generation:user:{user_id}"
_RIGHTS_KEY = "aula:generation:rights"


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


_CONTENT_VALUE_KEY = "aula:content:{generation}:{name}"
_MISSING = object()


def remember_content(name: str, compute: Callable[[], T], seconds: int = 60 * 60) -> T:
    """``compute()``, kept in the cache under the content generation.

    For what every reader of a page sees alike (a course's rule, its published quizzes):
    the app whose models it is built from connects them with :func:`bump_content_on_change`.
    """
    key = _CONTENT_VALUE_KEY.format(generation=content_generation(), name=name)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


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


_USER_VALUE_KEY = "aula:user:{user_id}:{generation}:{name}"


def remember_for_user(
    user_id: int,
    name: str,
    compute: Callable[[], T],
    seconds: int = 60 * 60,
    *,
    content: bool = False,
) -> T:
    """``compute()``, kept in the cache under the person's user generation (and the content
    generation too when ``content``).

    For facts about one person that change rarely and only through rows whose changes call
    :func:`user_changed` for them (the clusters they lead, the centres they manage, whether
    they teach, their certificates): the app that owns those rows connects its signals.
    ``content`` is for what also shows shared rows that bump the content generation (an
    event's title, a centre's name).
    """
    generation = f"{user_generation(user_id)}"
    if content:
        generation += f".{content_generation()}"
    key = _USER_VALUE_KEY.format(user_id=user_id, generation=generation, name=name)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def users_changed(user_ids: Iterable[int]) -> None:
    """:func:`user_changed` for each of ``user_ids``."""
    for user_id in set(user_ids):
        user_changed(user_id)


def bump_user_on_change(model: type[models.Model], field_name: str = "user") -> None:
    """Call :func:`user_changed` for the person a row of ``model`` belongs to (its
    ``field_name`` foreign key) whenever the row is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    attname = f"{field_name}_id"
    uid = f"aula-person-{model._meta.label_lower}-{field_name}"

    def row_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
        user_id = getattr(instance, attname)
        if user_id is not None:
            user_changed(user_id)

    post_save.connect(row_changed, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    post_delete.connect(row_changed, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)


def bump_people_on_change(model: type[models.Model], field_name: str) -> None:
    """Call :func:`user_changed` for the people of ``model``'s many-to-many ``field_name``
    (a cluster's leads, an edition's teachers) whenever they are added, removed or cleared, and
    whenever a row of ``model`` is saved or deleted: what is cached under their generation
    (:func:`remember_for_user`) names or counts those rows."""
    from django.db.models.signals import m2m_changed, post_save, pre_delete

    field = model._meta.get_field(field_name)
    through = field.remote_field.through  # type: ignore[union-attr]
    uid = f"aula-people-{model._meta.label_lower}-{field_name}"

    def people_of(instance: models.Model) -> list[int]:
        return list(getattr(instance, field_name).values_list("pk", flat=True))

    def relation_changed(
        sender: type,
        instance: models.Model,
        action: str,
        reverse: bool,
        pk_set: set[int] | None,
        **kwargs: object,
    ) -> None:
        if reverse:  # from the person's side: ``person.led_clusters.add(cluster)``
            if action.startswith("post_"):
                user_changed(instance.pk)
        elif action == "pre_clear":
            users_changed(people_of(instance))
        elif action in ("post_add", "post_remove"):
            users_changed(pk_set or ())

    def row_changed(sender: type, instance: models.Model, **kwargs: object) -> None:
        if kwargs.get("created"):
            return  # a new row has nobody yet
        users_changed(people_of(instance))

    m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"{uid}-m2m", weak=False)
    post_save.connect(row_changed, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    pre_delete.connect(row_changed, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)


def rights_generation() -> int:
    return _read(_RIGHTS_KEY)


def rights_changed(**kwargs: object) -> None:
    """What a group or a permission grants changed: everyone's cached permissions and header
    are drawn again (one person's own groups and permissions bump only their generation)."""
    _bump(_RIGHTS_KEY)


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


# What Wagtail writes on a page's row when a draft is saved or the page is locked: none of
# it changes what readers see, so it keeps the cached pages.
_DRAFT_ONLY_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _page_saved(
    sender: type,
    instance: object,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    # Publishing sends its own signal; this also catches what is saved without it (an alias
    # made in the admin, a page saved by a script), which the cached site's home page and
    # the map of restricted paths (core.sites) are built from.
    from wagtail.models import Page

    if update_fields and _DRAFT_ONLY_FIELDS.issuperset(update_fields):
        return
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
    post_save.connect(_page_saved, dispatch_uid="aula-content-page-saved")
    post_save.connect(_setting_saved, sender=SiteIdentity, dispatch_uid="aula-content-identity")
    bump_content_on_change(Site, PageViewRestriction, get_document_model(), get_image_model())
