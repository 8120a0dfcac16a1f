"""The live topic channel: who may connect and follow, what each person receives, replay.

The websocket is driven from synchronous tests through async_to_sync (its own
loop), so these tests also coexist with the browser tests' Playwright loop.
"""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from courses.models import Enrolment
from forums import consumers, services
from forums.models import ForumEvent
from forums.routing import websocket_urlpatterns
from website.asgi import application


@pytest.fixture(autouse=True)
def _committing(transactional_db):
    """Every test here commits (the consumer reads through its own connection). Asking for
    the fixture rather than a marker lets tests/conftest.py give it serialized rollback."""


EVENT_KEYS = {"type", "id", "topic", "post", "kind"}
# Generous: on a loaded machine the consumer's database work can take seconds.
LIVE_TIMEOUT = 20


def headers_for(client, user, origin=b"http://testserver"):
    client = client.__class__()  # one session per person: a new login would end the last one
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"cookie", cookie.encode()), (b"origin", origin)]


async def opened(headers, app=application):
    communicator = WebsocketCommunicator(app, "/ws/forum/", headers=headers)
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def follow(communicator, topic_id, after=0):
    await communicator.send_json_to({"type": "follow", "topic": topic_id, "after": after})
    return await communicator.receive_json_from(timeout=LIVE_TIMEOUT)


def in_sync(function, *args, **kwargs):
    """Run ORM code from the scenario in the test's own thread (and database connection)."""
    return sync_to_async(function)(*args, **kwargs)


def test_an_anonymous_connection_is_closed():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/forum/", headers=[(b"origin", b"http://testserver")]
        )
        return await communicator.connect()

    assert async_to_sync(scenario)() == (False, consumers.CLOSE_UNAUTHENTICATED)


def test_a_foreign_origin_is_refused_by_the_consumer_itself(client, operator):
    # Without the project's outer origin check, the consumer still refuses.
    bare = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
    headers = headers_for(client, operator, origin=b"https://evil.example")

    async def scenario():
        communicator = WebsocketCommunicator(bare, "/ws/forum/", headers=headers)
        return await communicator.connect()

    assert async_to_sync(scenario)() == (False, consumers.CLOSE_FORBIDDEN_ORIGIN)
    no_origin = [h for h in headers if h[0] != b"origin"]

    async def without_origin():
        communicator = WebsocketCommunicator(bare, "/ws/forum/", headers=no_origin)
        return await communicator.connect()

    assert async_to_sync(without_origin)() == (False, consumers.CLOSE_FORBIDDEN_ORIGIN)


def test_a_reader_receives_ids_only_after_the_commit(client, coach, operator, north_topic):
    headers = headers_for(client, coach)

    async def scenario():
        communicator = await opened(headers)
        assert await follow(communicator, north_topic.pk) == {
            "type": "following",
            "topic": north_topic.pk,
        }
        post = await in_sync(
            services.post_create, topic=north_topic, author=operator, source="Testo segreto"
        )
        event = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await communicator.disconnect()
        return post, event

    post, event = async_to_sync(scenario)()
    assert set(event) == EVENT_KEYS
    assert event["topic"] == north_topic.pk and event["post"] == post.pk
    assert event["kind"] == "post_created"
    assert "Testo segreto" not in str(event)


def test_a_rolled_back_post_is_never_announced(client, coach, operator, north_topic):
    headers = headers_for(client, coach)

    def post_then_fail():
        with transaction.atomic():
            services.post_create(topic=north_topic, author=operator, source="Annullato")
            raise RuntimeError("rollback")

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk)
        with pytest.raises(RuntimeError):
            await in_sync(post_then_fail)
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return nothing

    assert async_to_sync(scenario)()
    assert not ForumEvent.objects.exists()


def test_a_person_without_access_is_refused_and_hears_nothing(
    client, outsider, operator, north_topic
):
    headers = headers_for(client, outsider)

    async def scenario():
        communicator = await opened(headers)
        refused = await follow(communicator, north_topic.pk)
        missing = await follow(communicator, 999_999)
        await in_sync(services.post_create, topic=north_topic, author=operator, source="Per pochi")
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return refused, missing, nothing

    refused, missing, nothing = async_to_sync(scenario)()
    assert refused == {"type": "refused", "topic": north_topic.pk}
    assert missing == {"type": "refused", "topic": 999_999}  # the same answer: nothing leaks
    assert nothing


def test_posts_waiting_for_approval_reach_only_moderators_and_the_author(
    client, make_user, operator, coach, training_manager, community
):
    from website.accounts.roles import Role

    community.premoderate_newcomers = False
    community.save()
    topic = services.topic_create(
        forum=community, author=operator, title="Domanda aperta", source="Testo"
    )
    community.premoderate_newcomers = True
    community.save()
    newcomer = make_user(role=Role.OPERATOR, centre=operator.centre)
    reader, moderator, author = (
        headers_for(client, coach),
        headers_for(client, training_manager),
        headers_for(client, newcomer),
    )

    async def scenario():
        sockets = [await opened(h) for h in (reader, moderator, author)]
        for socket in sockets:
            await follow(socket, topic.pk)
        post = await in_sync(services.post_create, topic=topic, author=newcomer, source="Nuovo")
        got_reader = await sockets[0].receive_nothing(timeout=0.5)
        got_moderator = await sockets[1].receive_json_from(timeout=LIVE_TIMEOUT)
        got_author = await sockets[2].receive_json_from(timeout=LIVE_TIMEOUT)
        await in_sync(services.post_approve, post=post, actor=training_manager)
        approved_for_reader = await sockets[0].receive_json_from(timeout=LIVE_TIMEOUT)
        for socket in sockets:
            await socket.disconnect()
        return post, got_reader, got_moderator, got_author, approved_for_reader

    post, nothing, moderator_event, author_event, approved = async_to_sync(scenario)()
    assert not post.is_approved and nothing
    assert moderator_event["post"] == author_event["post"] == post.pk
    assert approved["post"] == post.pk and approved["kind"] == "post_changed"


def test_an_empty_audience_means_nobody(client, coach, operator, north_topic):
    """A restricted event whose author is gone goes to moderators only, never to everybody."""
    headers = headers_for(client, coach)
    message = {
        "id": 1,
        "topic": north_topic.pk,
        "post": 1,
        "kind": "post_created",
        "audience": ForumEvent.Audience.MODERATORS_AND_AUTHOR,
        "author": None,
    }
    reading = consumers.reading_of(coach.pk, north_topic.pk)
    assert reading is not None and not reading.moderator
    assert not consumers.for_this_reader(coach.pk, reading, message)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk)
        from forums.live import publish

        await in_sync(publish, message)
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return nothing

    assert async_to_sync(scenario)()


def test_a_hidden_post_is_announced_by_id_and_its_content_is_refused(
    client, coach, operator, cluster_lead, north_topic
):
    reply = services.post_create(topic=north_topic, author=operator, source="Da nascondere")
    rendered_with = ForumEvent.objects.latest("id").pk
    headers = headers_for(client, coach)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk, after=rendered_with)
        await in_sync(services.post_set_hidden, post=reply, actor=cluster_lead, hidden=True)
        event = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await communicator.disconnect()
        return event

    event = async_to_sync(scenario)()
    assert event["post"] == reply.pk and event["kind"] == "post_changed"
    client.force_login(coach)
    assert client.get(f"/forum/messaggi/{reply.pk}/frammento/").status_code == 404
    client.force_login(operator)
    assert client.get(f"/forum/messaggi/{reply.pk}/frammento/").status_code == 200


def test_a_reconnecting_page_replays_what_it_missed(client, coach, operator, north_topic):
    headers = headers_for(client, coach)
    first = services.post_create(topic=north_topic, author=operator, source="Prima")
    after = ForumEvent.objects.latest("id").pk
    missed = [
        services.post_create(topic=north_topic, author=operator, source=f"Mancata {n}")
        for n in range(3)
    ]
    services.post_edit(post=first, editor=operator, source="Prima, corretta")

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk, after=after)
        events = [await communicator.receive_json_from(timeout=LIVE_TIMEOUT) for _ in range(4)]
        nothing = await communicator.receive_nothing(timeout=0.3)
        await communicator.disconnect()
        return events, nothing

    events, nothing = async_to_sync(scenario)()
    assert [e["post"] for e in events] == [p.pk for p in missed] + [first.pk]
    assert [e["kind"] for e in events] == ["post_created"] * 3 + ["post_changed"]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    assert nothing


def test_an_event_committed_while_the_backlog_is_read_is_neither_lost_nor_sent_twice(
    client, coach, operator, north_topic, monkeypatch
):
    """A post that lands between reading the backlog and joining the topic's group still arrives."""
    headers = headers_for(client, coach)
    replayed = services.post_create(topic=north_topic, author=operator, source="Già letta")
    read_backlog = consumers.follow_check
    late = []

    def backlog_then_a_new_post(user_id, topic_id, after):
        answer = read_backlog(user_id, topic_id, after)
        late.append(services.post_create(topic=north_topic, author=operator, source="Arrivata ora"))
        return answer

    monkeypatch.setattr(consumers, "follow_check", backlog_then_a_new_post)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk, after=0)
        frames = [await communicator.receive_json_from(timeout=LIVE_TIMEOUT) for _ in range(2)]
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return frames, nothing

    frames, nothing = async_to_sync(scenario)()
    assert [frame["post"] for frame in frames] == [replayed.pk, late[0].pk]
    assert nothing, "an event was sent twice"


def test_a_page_older_than_the_event_log_is_told_to_reload(client, coach, operator, north_topic):
    headers = headers_for(client, coach)
    for n in range(3):
        services.post_create(topic=north_topic, author=operator, source=f"Vecchio {n}")
    oldest = ForumEvent.objects.order_by("id").first()
    ForumEvent.objects.filter(pk__lte=oldest.pk + 1).delete()  # trimmed by the periodic job

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk, after=oldest.pk - 1)
        messages = [await communicator.receive_json_from(timeout=LIVE_TIMEOUT) for _ in range(2)]
        await communicator.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    assert messages[-1] == {"type": "resync", "topic": north_topic.pk}


def test_someone_who_loses_access_stops_receiving(
    client, participant, teacher, training_manager, edition_topic
):
    from courses.services import enrolment_withdraw

    headers = headers_for(client, participant)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, edition_topic.pk)
        await in_sync(services.post_create, topic=edition_topic, author=teacher, source="Uno")
        still_in = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await in_sync(
            lambda: enrolment_withdraw(
                enrolment=Enrolment.objects.get(user=participant), by=training_manager
            )
        )
        revoked = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await in_sync(services.post_create, topic=edition_topic, author=teacher, source="Due")
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return still_in, revoked, nothing

    still_in, revoked, nothing = async_to_sync(scenario)()
    assert still_in["type"] == "event"
    assert revoked == {"type": "revoked", "topic": edition_topic.pk}
    assert nothing


def test_malformed_messages_get_an_error_and_change_nothing(client, coach, north_topic):
    headers = headers_for(client, coach)

    async def scenario():
        communicator = await opened(headers)
        answers = []
        for frame in ("not json", "[1, 2]", '{"type": "follow", "topic": "12"}', '{"topic": -1}'):
            await communicator.send_to(text_data=frame)
            answers.append(await communicator.receive_json_from(timeout=LIVE_TIMEOUT))
        still_works = await follow(communicator, north_topic.pk, after=-5)
        await communicator.disconnect()
        return answers, still_works

    answers, still_works = async_to_sync(scenario)()
    assert all(answer["type"] == "error" for answer in answers)
    assert still_works == {"type": "following", "topic": north_topic.pk}


def test_one_connection_follows_a_bounded_number_of_topics(client, operator, north_forum):
    topics = [
        services.topic_create(
            forum=north_forum, author=operator, title=f"Discussione {n}", source="Testo"
        )
        for n in range(consumers.MAX_FOLLOWED_TOPICS + 1)
    ]
    headers = headers_for(client, operator)

    async def scenario():
        communicator = await opened(headers)
        answers = [await follow(communicator, topic.pk) for topic in topics]
        await communicator.disconnect()
        return answers

    answers = async_to_sync(scenario)()
    assert [a["type"] for a in answers] == ["following"] * consumers.MAX_FOLLOWED_TOPICS + [
        "refused"
    ]
