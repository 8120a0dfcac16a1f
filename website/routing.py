"""Every websocket route of the platform, mounted by website.asgi."""

from forums.routing import websocket_urlpatterns as forum_routes
from website.notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes, *forum_routes]
