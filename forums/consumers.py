"""The live topic channel: an open topic page follows its topic over one websocket.

Protocol (JSON frames):

- page → server: ``{"type": "follow", "topic": 12, "after": 345}`` where
  ``after`` is the last event id the page knows (it is rendered with one);
  ``{"type": "unfollow", "topic": 12}``.
- server → page: ``{"type": "following", "topic": 12}`` or
  ``{"type": "refused", "topic": 12}`` (no such topic and no right to read it
  look the same); then ``{"type": "event", "id": 346, "topic": 12,
  "post": 99, "kind": "post_created"}`` for every change, missed ones first;
  ``{"type": "resync", "topic": 12}`` when the log no longer holds everything
  the page missed; ``{"type": "revoked", "topic": 12}`` when the person loses
  access (nothing more is sent for that topic).

The connection needs a logged-in person and an allowed origin. Read rights are
checked with ``forums.permissions`` when a topic is followed, on a freshly
loaded user, and remembered by the consumer: an event then reaches every
reader of the topic without a query per reader (the audience of the event and
the remembered rights decide). They are decided again, once, when
``forums.live_rights`` says the person's rights may have changed, when the
topic itself changes, and when the remembered decision is older than
``live_rights.RIGHTS_MAX_AGE``; a person who loses access is told "revoked"
and receives nothing more. Events for hidden or unapproved posts reach only
the forum's moderators and the post's author.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http.request import validate_host

from . import live_rights, permissions, selectors
from .live import topic_group_name
from .models import ForumEvent, Topic

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN_ORIGIN = 4403
MAX_FOLLOWED_TOPICS = 10
REPLAY_LIMIT = 200


def origin_allowed(scope) -> bool:
    origin = dict(scope.get("headers", [])).get(b"origin")
    if not origin:
        return False
    try:
        hostname = urlsplit(origin.decode("latin-1")).hostname
    except ValueError:
        return False
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(hostname) and validate_host(hostname, allowed)


def _fresh_user(user_id):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


@dataclass(frozen=True)
class Reading:
    """What the consumer remembers of one followed topic: whether its person moderates
    it, and when that was decided."""

    moderator: bool
    decided_at: float

    def stale(self) -> bool:
        return time.monotonic() - self.decided_at > live_rights.RIGHTS_MAX_AGE


def reading_of(user_id, topic_id) -> Reading | None:
    """The person's reading of the topic, or None if they may not read it."""
    user = _fresh_user(user_id)
    topic = Topic.objects.filter(pk=topic_id).first()
    if user is None or topic is None or not permissions.can_read_topic(user, topic):
        return None
    return Reading(
        moderator=permissions.can_moderate_topic(user, topic), decided_at=time.monotonic()
    )


def follow_check(user_id, topic_id, after):
    """(reading or None, events to replay, whether the replay is incomplete)."""
    reading = reading_of(user_id, topic_id)
    if reading is None:
        return None, [], False
    moderator = reading.moderator
    events = selectors.events_to_replay(
        user_id, topic_id, after=after, moderator=moderator, limit=REPLAY_LIMIT
    )
    incomplete = len(events) > REPLAY_LIMIT
    oldest = selectors.oldest_event_id()
    if after and oldest is not None and oldest > after + 1:
        # Events between the page's last one and the oldest kept were trimmed.
        incomplete = True
    return reading, events[:REPLAY_LIMIT], incomplete


def for_this_reader(user_id, reading: Reading, message) -> bool:
    """Whether an event goes to this reader (no query: the event and the reading decide)."""
    if message["audience"] == ForumEvent.Audience.READERS:
        return True
    if message["author"] is not None and message["author"] == user_id:
        return True
    return reading.moderator


def _frame(event_id, topic_id, post_id, kind):
    return {"type": "event", "id": event_id, "topic": topic_id, "post": post_id, "kind": kind}


def _positive_int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def readings_of(user_id, topic_ids) -> dict[int, Reading | None]:
    return {topic_id: reading_of(user_id, topic_id) for topic_id in topic_ids}


class TopicConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.followed: dict[int, Reading] = {}
        self.replayed_up_to = {}
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not origin_allowed(self.scope):
            await self.close(code=CLOSE_FORBIDDEN_ORIGIN)
            return
        self.user_id = user.pk
        await self.channel_layer.group_add(live_rights.RIGHTS_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for topic_id in list(self.followed):
            await self.channel_layer.group_discard(topic_group_name(topic_id), self.channel_name)
        self.followed.clear()
        if hasattr(self, "user_id"):
            await self.channel_layer.group_discard(live_rights.RIGHTS_GROUP, self.channel_name)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "message": "expected a JSON object"})
            return
        topic_id = _positive_int(content.get("topic"))
        if topic_id is None:
            await self.send_json({"type": "error", "message": "topic must be an id"})
            return
        if content.get("type") == "follow":
            await self.follow(topic_id, _positive_int(content.get("after")) or 0)
        elif content.get("type") == "unfollow":
            await self.unfollow(topic_id)

    async def follow(self, topic_id, after):
        joining = topic_id not in self.followed
        if joining and len(self.followed) >= MAX_FOLLOWED_TOPICS:
            await self.send_json({"type": "refused", "topic": topic_id})
            return
        if joining:
            # Join before reading the backlog: an event committed in between
            # then waits in this consumer's queue instead of being lost, and
            # the replayed ones are not sent twice (see ``forum_event``).
            await self.channel_layer.group_add(topic_group_name(topic_id), self.channel_name)
        reading, events, incomplete = await database_sync_to_async(follow_check)(
            self.user_id, topic_id, after
        )
        if reading is None:
            if joining:
                await self.channel_layer.group_discard(
                    topic_group_name(topic_id), self.channel_name
                )
            await self.unfollow(topic_id, tell=False)
            await self.send_json({"type": "refused", "topic": topic_id})
            return
        self.followed[topic_id] = reading
        self.replayed_up_to[topic_id] = max([after, *(event.pk for event in events)])
        await self.send_json({"type": "following", "topic": topic_id})
        for event in events:
            await self.send_json(_frame(event.pk, event.topic_id, event.post_ref, event.kind))
        if incomplete:
            await self.send_json({"type": "resync", "topic": topic_id})

    async def unfollow(self, topic_id, *, tell=True):
        if topic_id in self.followed:
            await self.channel_layer.group_discard(topic_group_name(topic_id), self.channel_name)
            del self.followed[topic_id]
            self.replayed_up_to.pop(topic_id, None)
        if tell:
            await self.send_json({"type": "unfollowed", "topic": topic_id})

    async def decide_again(self, topic_ids) -> None:
        """Read the person's rights on ``topic_ids`` afresh; revoke the ones lost."""
        readings = await database_sync_to_async(readings_of)(self.user_id, topic_ids)
        for topic_id, reading in readings.items():
            if topic_id not in self.followed:
                continue
            if reading is None:
                await self.unfollow(topic_id, tell=False)
                await self.send_json({"type": "revoked", "topic": topic_id})
            else:
                self.followed[topic_id] = reading

    async def forum_rights(self, message):
        users = message.get("users")
        if self.followed and (users is None or self.user_id in users):
            await self.decide_again(list(self.followed))

    async def forum_event(self, message):
        topic_id = message["topic"]
        reading = self.followed.get(topic_id)
        if reading is None or message["id"] <= self.replayed_up_to.get(topic_id, 0):
            return
        if message["kind"] == ForumEvent.Kind.TOPIC_CHANGED or reading.stale():
            # A topic hidden or moved, or a decision that is getting old.
            await self.decide_again([topic_id])
            reading = self.followed.get(topic_id)
            if reading is None:
                return
        if for_this_reader(self.user_id, reading, message):
            await self.send_json(_frame(message["id"], topic_id, message["post"], message["kind"]))
