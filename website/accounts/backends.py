"""Django's permission checks, with each person's permissions kept in the cache.

Django's ``ModelBackend`` reads a person's own permissions and their groups' (two queries) on
every request that checks one, and nearly every page does (the course page to know who may
manage it, the forum to know who moderates, Wagtail's user bar). They change only when the
person's groups or permissions change (their *user generation* moves: accounts.signals) or
what a group or a permission grants changes (the *rights generation*: connected below), so
they are cached under both and no one keeps a right taken away. Checks on one object and
inactive or anonymous people go to Django's backend as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from website.core.generations import rights_changed, rights_generation, user_generation
from website.core.prepared import prepared_objects


def _signed_in_user_query(user_id: int) -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        ._default_manager.filter(pk=user_id)
        .select_related("centre", "wagtail_userprofile")
    )


_KEY = "aula:permissions:{rights}:{user_id}:{generation}:{kind}"


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The signed-in person, with their centre (the header and their own pages show it)
        and their Wagtail profile: the admin and Wagtail's user bar read it (language, theme)
        through ``user.wagtail_userprofile``, once more per request if not joined here.

        Every request asks: the query is built and compiled once (``website.core.prepared``).
        """
        found = prepared_objects("accounts.signed_in_user", _signed_in_user_query, [int(user_id)])
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return self._cached(user_obj, obj, "user", super().get_user_permissions)

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return self._cached(user_obj, obj, "group", super().get_group_permissions)

    def _cached(
        self, user_obj: Any, obj: Any, kind: str, read: Callable[[Any, Any], set[str]]
    ) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return read(user_obj, obj)
        # Where Django's backend keeps them for the rest of the request.
        attribute = f"_{kind}_perm_cache"
        if not hasattr(user_obj, attribute):
            key = _KEY.format(
                rights=rights_generation(),
                user_id=user_obj.pk,
                generation=user_generation(user_obj.pk),
                kind=kind,
            )
            permissions = cache.get(key)
            if permissions is None:
                permissions = read(user_obj, obj)
                cache.set(key, permissions, settings.USER_CHROME_CACHE_SECONDS)
            setattr(user_obj, attribute, permissions)
        permissions = getattr(user_obj, attribute)
        return permissions


def _group_permissions_changed(sender: type, action: str, **kwargs: object) -> None:
    if action.startswith("post_"):
        rights_changed()


def connect_signals() -> None:
    """What groups and permissions grant; a person's own groups are in accounts.signals."""
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="aula-rights-group-permissions",
    )
    for model in (Group, Permission):
        uid = f"aula-rights-{model._meta.label_lower}"
        post_save.connect(rights_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(rights_changed, sender=model, dispatch_uid=f"{uid}-deleted")
