from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .services import user_group_name

# Application close code for "authentication required" (4000–4999 are free for apps).
CLOSE_UNAUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A person's live notification channel: the header's unread count."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group_name = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def notifications_count(self, event):
        await self.send_json({"type": "count", "unread": event["unread"]})
