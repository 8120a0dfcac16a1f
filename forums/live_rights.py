"""Telling the live topic channel that someone's right to read may have changed.

The websocket consumer decides what a reader may receive when the topic is
followed and remembers it, so an event reaches every reader with no query per
reader. Whatever can change that decision — a place in an edition, a person's
centre or account, their groups and permissions, who leads, coaches, teaches
or moderates — publishes a ``forum.rights`` message after its transaction
commits; the consumers of the people concerned (everyone's, when a change
touches a whole forum or group) decide again, once. A consumer also decides
again when its decision is older than ``RIGHTS_MAX_AGE`` seconds, in case a
change bypassed the model signals (a bulk ``update()``).
"""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from courses.models import Edition, Enrolment
from website.accounts.models import Cluster, EmploymentCentre, User

from .models import Forum

logger = logging.getLogger(__name__)

RIGHTS_GROUP = "forum-rights"
RIGHTS_MAX_AGE = 60.0


def rights_changed(user_ids: Iterable[int] | None) -> None:
    """After commit, have the consumers of ``user_ids`` (None: everyone's) decide again."""
    users = None if user_ids is None else sorted(set(user_ids))
    if users == []:
        return
    transaction.on_commit(lambda: _publish(users))


def _publish(users: list[int] | None) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(
            RIGHTS_GROUP, {"type": "forum.rights", "users": users}
        )
    except Exception:
        # The consumers' own RIGHTS_MAX_AGE still bounds how long a stale right lasts.
        logger.warning("Could not publish a change of forum rights", exc_info=True)


def _person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        rights_changed([instance.pk])


def _enrolment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rights_changed([instance.user_id])


def _everyone(sender, raw=False, created=False, **kwargs):
    if not raw and not created:
        rights_changed(None)


def _people_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A many-to-many between people and something that grants rights changed."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, User):
        rights_changed([instance.pk])
    elif pk_set is None:  # cleared: whoever was in it
        rights_changed(None)
    else:
        rights_changed(pk_set)


def _group_permissions_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        rights_changed(None)


def connect() -> None:
    post_save.connect(_person_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="live_user")
    post_delete.connect(_person_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="live_user_d")
    post_save.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="live_enrolment")
    post_delete.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="live_enrolment_d")
    for model in (Forum, Edition, Cluster, EmploymentCentre):
        post_save.connect(_everyone, sender=model, dispatch_uid=f"live_{model.__name__}")
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Cluster.leads.through,
        Cluster.coaches.through,
        Edition.teachers.through,
        Forum.moderators.through,
    ):
        m2m_changed.connect(
            _people_relation_changed, sender=through, dispatch_uid=f"live_{through.__name__}"
        )
    m2m_changed.connect(
        _group_permissions_changed, sender=Group.permissions.through, dispatch_uid="live_perms"
    )
