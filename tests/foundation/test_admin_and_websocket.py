"""Who reaches the Wagtail admin, and who may open the notification websocket."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from website.accounts.models import EmploymentCentre
from website.asgi import application
from website.notifications.services import notification_create


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_operator_is_refused_the_admin(client, operator):
    client.force_login(operator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert (
        response["Location"] in ("/", "/admin/login/?next=/admin/")
        or "login" in response["Location"]
    )
    assert client.get("/admin/pages/").status_code == 302


@pytest.mark.parametrize("who", ["editor", "training_manager"])
def test_editor_and_training_manager_reach_the_admin(db, client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/").status_code == 200


def test_training_manager_manages_the_organisation_and_the_editor_does_not(
    client, training_manager, editor, org
):
    client.force_login(training_manager)
    listing = client.get("/admin/organizzazione/centri/?q=Noto")
    assert listing.status_code == 200
    assert "CPI Noto" in listing.content.decode()
    assert "CPI Monreale" not in listing.content.decode()
    response = client.post(
        "/admin/organizzazione/centri/new/",
        {
            "cluster": org["south"].pk,
            "name": "CPI Avola",
            "code": "CPI-SR03",
            "town": "Avola",
            "address": "",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    assert EmploymentCentre.objects.get(code="CPI-SR03").cluster == org["south"]
    # A centre must belong to a cluster.
    response = client.post(
        "/admin/organizzazione/centri/new/",
        {"name": "CPI senza cluster", "code": "CPI-XX01", "town": "Enna"},
    )
    assert response.status_code == 200
    assert not EmploymentCentre.objects.filter(code="CPI-XX01").exists()

    client.force_login(editor)
    assert client.get("/admin/organizzazione/centri/").status_code == 302


def session_headers(client, user):
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"cookie", cookie.encode()), (b"origin", b"http://testserver")]


# Websocket tests drive the ASGI app from a synchronous test through
# async_to_sync, which runs the coroutine on its own loop: they then coexist
# with the browser tests, whose Playwright loop runs in the main thread.


@pytest.mark.django_db(transaction=True)
def test_anonymous_notification_websocket_is_closed():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/notifiche/", headers=[(b"origin", b"http://testserver")]
        )
        return await communicator.connect()

    connected, code = async_to_sync(scenario)()
    assert not connected
    assert code == 4401


@pytest.mark.django_db(transaction=True)
def test_logged_in_notification_websocket_receives_the_unread_count(client, operator):
    headers = session_headers(client, operator)

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/notifiche/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        await sync_to_async(notification_create)(
            recipient=operator, kind="test", title="Iscrizione approvata"
        )
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message

    assert async_to_sync(scenario)() == {"type": "count", "unread": 1}


@pytest.mark.django_db(transaction=True)
def test_notification_websocket_from_another_origin_is_refused(client, operator):
    headers = [h for h in session_headers(client, operator) if h[0] != b"origin"]
    headers.append((b"origin", b"https://evil.example"))

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/notifiche/", headers=headers)
        return await communicator.connect()

    connected, _ = async_to_sync(scenario)()
    assert not connected


@pytest.mark.django_db(transaction=True)
def test_a_quiet_notification_websocket_stays_open_and_still_receives(client, operator):
    """Idle longer than Redis's blocking wait (5 s) and redis-py 8's read timeout (5 s).

    With the Redis channel layer, an idle consumer's wait used to end in a
    read timeout that closed the websocket (django/channels_redis#422).
    """
    headers = session_headers(client, operator)

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/notifiche/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        assert await communicator.receive_nothing(timeout=11, interval=0.5)
        await sync_to_async(notification_create)(
            recipient=operator, kind="test", title="Nuovo materiale del corso"
        )
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message

    assert async_to_sync(scenario)() == {"type": "count", "unread": 1}
