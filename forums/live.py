"""Live updates: events in the log are pushed to the pages following a topic.

Only ids travel: the page fetches the post through a view that checks the
permission. Each event is published after the transaction that wrote it
commits (a rolled-back change is never announced).
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .models import ForumEvent, Post

logger = logging.getLogger(__name__)


def topic_group_name(topic_id: int) -> str:
    return f"forum-topic-{topic_id}"


def event_message(event: ForumEvent) -> dict:
    """What the consumer receives from the channel layer and forwards (without the audience)."""
    return {
        "id": event.pk,
        "topic": event.topic_id,
        "post": event.post_ref,
        "kind": event.kind,
        "audience": event.audience,
        "author": event.author_id,
    }


def record_event(
    *,
    topic_id: int,
    kind: str,
    audience: str,
    post: Post | None = None,
    author_id: int | None = None,
) -> ForumEvent:
    """Write an event (the caller holds the topic's row lock) and publish it after commit."""
    event = ForumEvent.objects.create(
        topic_id=topic_id,
        kind=kind,
        audience=audience,
        post_ref=post.pk if post is not None else None,
        author_id=author_id,
    )
    message = event_message(event)
    transaction.on_commit(lambda: publish(message))
    return event


def publish(message: dict) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(
            topic_group_name(message["topic"]), {"type": "forum.event", **message}
        )
    except Exception:
        # Live delivery is a convenience: a reconnecting page replays the log.
        logger.warning("Could not publish forum event %s", message["id"], exc_info=True)
