"""Wagtail's page and collection permissions of a person, kept in the cache between requests.

Every admin page draws Wagtail's sidebar, and the sidebar asks the person's page permissions
(the page explorer, the search areas), their collection permissions (images, documents) and
the root of the pages they may explore: three queries on every admin page, and the page
permissions again on a public page that shows Wagtail's user bar. Wagtail keeps each answer
on the user object for the rest of the request, under an attribute its permission policy
names (``PagePermissionPolicy.permission_cache_name`` and friends); the descriptors below
hold those attributes on our ``User``. Reading one looks in the cache first; when the cache
has nothing, Wagtail computes the answer as it always does and setting the attribute stores
it for the next request. Wagtail's own rules decide, only the storage is ours.

The cached answers hold permission rows and pages, so their key carries the *rights
generation* (what a group grants: bumped when a group's page or collection permissions or a
collection change, see :func:`connect_signals`), the person's *user generation* (their
groups and flags: accounts.signals) and the *content generation* (the page tree: pages
moved, deleted or published).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from website.core.generations import (
    content_generation,
    rights_changed,
    rights_generation,
    user_generation,
)

_KEY = "aula:wagtail-permissions:{rights}:{content}:{user_id}:{generation}:{name}"
_MISSING = object()


class WagtailPermissionCache:
    """The attribute under which Wagtail keeps one of its per-request answers on the user.

    A data descriptor: Wagtail's ``hasattr`` reads it (from the request, else the cache,
    else it is missing and Wagtail computes it), Wagtail's ``setattr`` keeps the answer for
    the request and in the cache.
    """

    name: str

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _key(self, user: Any) -> str:
        return _KEY.format(
            rights=rights_generation(),
            content=content_generation(),
            user_id=user.pk,
            generation=user_generation(user.pk),
            name=self.name,
        )

    def __get__(self, user: Any, owner: type | None = None) -> Any:
        if user is None:
            return self
        if self.name in user.__dict__:
            return user.__dict__[self.name]
        if user.pk is None:
            raise AttributeError(self.name)
        value = cache.get(self._key(user), _MISSING)
        if value is _MISSING:
            raise AttributeError(self.name)  # Wagtail computes it and sets it
        user.__dict__[self.name] = value
        return value

    def __set__(self, user: Any, value: Any) -> None:
        user.__dict__[self.name] = value
        if user.pk is not None:
            # Pickling a queryset evaluates it: Wagtail reads every row of it anyway.
            cache.set(self._key(user), value, settings.USER_CHROME_CACHE_SECONDS)

    def __delete__(self, user: Any) -> None:
        user.__dict__.pop(self.name, None)


def connect_signals() -> None:
    """What a group may do on pages and collections, and the collections themselves."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    for model in (GroupPagePermission, GroupCollectionPermission, Collection):
        uid = f"aula-rights-{model._meta.label_lower}"
        post_save.connect(rights_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(rights_changed, sender=model, dispatch_uid=f"{uid}-deleted")
