from django.urls import path

from .consumers import TopicConsumer

websocket_urlpatterns = [
    path("ws/forum/", TopicConsumer.as_asgi()),
]
