"""Creating and reading notifications; live delivery after the commit."""

import asyncio
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from website.core.generations import user_changed

from .models import Notification

if TYPE_CHECKING:
    # Type-only: notifications sits below accounts in the layers (see pyproject's contract).
    from website.accounts.models import User

logger = logging.getLogger(__name__)

# The people whose unread count waits for the end of a bulk operation (see pushes_held).
_held_pushes: ContextVar[set[int] | None] = ContextVar("held_pushes", default=None)


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
    transaction.on_commit(lambda: _push_or_hold(recipient.pk))
    return notification


def notifications_create(notifications: list[Notification]) -> list[Notification]:
    """Several people's new notifications in one query: ``notification_create`` for bulk work."""
    created = Notification.objects.bulk_create(notifications)
    recipients = {notification.recipient_id for notification in created}
    for recipient_id in recipients:
        user_changed(recipient_id)

    def push_or_hold_all() -> None:
        for recipient_id in recipients:
            _push_or_hold(recipient_id)

    transaction.on_commit(push_or_hold_all)
    return created


def notifications_mark_read(*, recipient: "User", ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.unread().filter(recipient=recipient)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    updated = queryset.update(read_at=timezone.now())
    if updated:
        user_changed(recipient.pk)
        transaction.on_commit(lambda: _push_or_hold(recipient.pk))
    return updated


def unread_count(user: "User") -> int:
    return Notification.objects.unread().filter(recipient=user).count()


def push_unread_count(user_id: int) -> None:
    """Tell the person's open pages their new unread count (ids only, no content)."""
    push_unread_counts([user_id])


def push_unread_counts(user_ids: Iterable[int]) -> None:
    """Tell each person's open pages their unread count: one query and one trip to the layer."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    counts = dict.fromkeys(user_ids, 0)
    counts.update(
        Notification.objects.unread()
        .filter(recipient_id__in=user_ids)
        .values_list("recipient_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    layer = get_channel_layer()

    async def send_all() -> None:
        await asyncio.gather(
            *(
                layer.group_send(
                    user_group_name(user_id), {"type": "notifications.count", "unread": count}
                )
                for user_id, count in counts.items()
            )
        )

    try:
        async_to_sync(send_all)()
    except Exception:
        # Live delivery is a convenience: the count is right on the next page load.
        logger.warning("Could not push the unread count to %s", sorted(counts), exc_info=True)


def _push_or_hold(user_id: int) -> None:
    held = _held_pushes.get()
    if held is None:
        push_unread_count(user_id)
    else:
        held.add(user_id)


@contextmanager
def pushes_held() -> Iterator[None]:
    """Hold the live unread-count pushes of committed changes until the block ends.

    For bulk work (a run issuing hundreds of certificates): each push starts
    an event loop in a thread, which cost more than the rest of a
    certificate's rows. The people touched get one push each, together, at
    the end, also when the block stops half way (what was committed is told).
    """
    held: set[int] = set()
    token = _held_pushes.set(held)
    try:
        yield
    finally:
        _held_pushes.reset(token)
        push_unread_counts(held)
