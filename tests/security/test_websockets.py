"""The websocket routes against the permission map: strangers and anonymous people are refused.

Apart from the HTTP map because these tests commit (the consumer reads through
its own database connection), which the map's rolled-back world cannot.
"""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from forums import services as forum_services
from forums.models import Forum
from website.accounts.roles import Role
from website.asgi import application
from website.routing import websocket_urlpatterns

from .policy import ANONYMOUS, OPERATOR, OPERATOR_OTHER, WEBSOCKETS

TIMEOUT = 20  # generous: on a loaded machine the consumer's database work takes seconds


@pytest.fixture(autouse=True)
def _committing(transactional_db):
    """Asking for the fixture (not a marker) lets tests/conftest.py add serialized rollback."""


def test_every_websocket_route_is_in_the_table():
    routes = {str(route.pattern) for route in websocket_urlpatterns}
    assert routes == set(WEBSOCKETS)


def _headers(user) -> list[tuple[bytes, bytes]]:
    headers = [(b"origin", b"http://testserver")]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        headers.append((b"cookie", cookie.encode()))
    return headers


def _outcome(route: str, user, topic) -> str:
    headers = _headers(user)

    async def scenario():
        communicator = WebsocketCommunicator(application, f"/{route}", headers=headers)
        connected, _code = await communicator.connect(timeout=TIMEOUT)
        if not connected:
            return "refused"
        try:
            if route != "ws/forum/":
                return "open"
            await communicator.send_json_to({"type": "follow", "topic": topic.pk, "after": 0})
            answer = await communicator.receive_json_from(timeout=TIMEOUT)
            return "following" if answer["type"] == "following" else "refused topic"
        finally:
            await communicator.disconnect()

    return async_to_sync(scenario)()


@pytest.mark.parametrize("route", sorted(WEBSOCKETS))
def test_the_websocket_route(route, make_user, org):
    people = {
        ANONYMOUS: None,
        OPERATOR: make_user(role=Role.OPERATOR, centre=org["pa1"]),
        OPERATOR_OTHER: make_user(role=Role.OPERATOR, centre=org["sr1"]),
    }
    topic = forum_services.topic_create(
        forum=Forum.objects.get(cluster=org["north"]),
        author=people[OPERATOR],
        title="Profilazione: come vi organizzate?",
        source="Nel nostro centro la profilazione richiede tempo.",
    )
    actual = {who: _outcome(route, user, topic) for who, user in people.items()}
    assert actual == WEBSOCKETS[route]
