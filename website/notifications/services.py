"""Creating and reading notifications; live delivery after the commit."""

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from website.core.generations import user_changed

from .models import Notification

if TYPE_CHECKING:
    # Type-only: notifications sits below accounts in the layers (see pyproject's contract).
    from website.accounts.models import User

logger = logging.getLogger(__name__)


def user_group_name(user_id: int) -> str:
    """The channel-layer group every open page of one person listens to."""
    return f"user-{user_id}"


def notification_create(
    *, recipient: "User", kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, url=url
    )
    user_changed(recipient.pk)
    transaction.on_commit(lambda: push_unread_count(recipient.pk))
    return notification


def notifications_mark_read(*, recipient: "User", ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.unread().filter(recipient=recipient)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    updated = queryset.update(read_at=timezone.now())
    if updated:
        user_changed(recipient.pk)
        transaction.on_commit(lambda: push_unread_count(recipient.pk))
    return updated


def unread_count(user: "User") -> int:
    return Notification.objects.unread().filter(recipient=user).count()


def push_unread_count(user_id: int) -> None:
    """Tell the person's open pages their new unread count (ids only, no content)."""
    count = Notification.objects.unread().filter(recipient_id=user_id).count()
    try:
        async_to_sync(get_channel_layer().group_send)(
            user_group_name(user_id), {"type": "notifications.count", "unread": count}
        )
    except Exception:
        # Live delivery is a convenience: the count is right on the next page load.
        logger.warning("Could not push the unread count to user %s", user_id, exc_info=True)
