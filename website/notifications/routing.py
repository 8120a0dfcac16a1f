from django.urls import path

from .consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifiche/", NotificationConsumer.as_asgi()),
]
