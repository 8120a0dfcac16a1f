"""The live topic channel decides rights once per reader and topic, not once per event.

An event reaches every reader without a database query per reader; a change of
someone's rights makes their consumer decide again, and one that bypasses the
model signals is still caught within ``RIGHTS_MAX_AGE``.
"""

import pytest
from asgiref.sync import async_to_sync

from courses.models import Enrolment
from forums import consumers, live_rights, services
from website.accounts.roles import Role

from .test_live import LIVE_TIMEOUT, follow, headers_for, in_sync, opened


@pytest.fixture(autouse=True)
def _committing(transactional_db):
    """The consumer reads through its own connection: every test here commits."""


@pytest.fixture
def counted_database_calls(monkeypatch):
    """Counts the consumer's trips to the database. Async code cannot touch the ORM
    (Django raises SynchronousOnlyOperation), so every query of the consumer goes
    through ``database_sync_to_async``."""
    calls = []
    original = consumers.database_sync_to_async

    def counting(function):
        wrapped = original(function)

        async def call(*args, **kwargs):
            calls.append(function.__name__)
            return await wrapped(*args, **kwargs)

        return call

    monkeypatch.setattr(consumers, "database_sync_to_async", counting)
    return calls


def test_an_event_reaches_every_reader_with_no_query_per_reader(
    client, make_user, org, operator, north_topic, counted_database_calls
):
    readers = [
        make_user(role=Role.OPERATOR, centre=org["pa2"], email=f"lettore{n}@example.org")
        for n in range(6)
    ]
    all_headers = [headers_for(client, reader) for reader in readers]

    async def scenario():
        sockets = [await opened(headers) for headers in all_headers]
        followed = [await follow(socket, north_topic.pk) for socket in sockets]
        calls_to_follow = len(counted_database_calls)
        post = await in_sync(
            services.post_create, topic=north_topic, author=operator, source="Per tutti"
        )
        events = [await socket.receive_json_from(timeout=LIVE_TIMEOUT) for socket in sockets]
        for socket in sockets:
            await socket.disconnect()
        return followed, calls_to_follow, post, events

    followed, calls_to_follow, post, events = async_to_sync(scenario)()
    assert followed == [{"type": "following", "topic": north_topic.pk}] * len(readers)
    assert calls_to_follow == len(readers)  # one decision each, when following
    assert [event["post"] for event in events] == [post.pk] * len(readers)
    assert len(counted_database_calls) == calls_to_follow  # none for the event


def test_a_member_of_a_private_forum_receives_and_an_outsider_cannot_join(
    client, operator, outsider, coach, north_topic
):
    member, stranger = headers_for(client, coach), headers_for(client, outsider)

    async def scenario():
        reader, intruder = await opened(member), await opened(stranger)
        answers = [await follow(reader, north_topic.pk), await follow(intruder, north_topic.pk)]
        post = await in_sync(services.post_create, topic=north_topic, author=operator, source="Ok")
        received = await reader.receive_json_from(timeout=LIVE_TIMEOUT)
        nothing = await intruder.receive_nothing(timeout=0.5)
        for socket in (reader, intruder):
            await socket.disconnect()
        return answers, post, received, nothing

    answers, post, received, nothing = async_to_sync(scenario)()
    assert answers == [
        {"type": "following", "topic": north_topic.pk},
        {"type": "refused", "topic": north_topic.pk},
    ]
    assert received["post"] == post.pk
    assert nothing


def _revoked_after(client, reader, topic, author, change):
    """Follow as ``reader``, apply ``change`` in the test's thread, then post twice:
    returns what the reader got after the change and whether the second post stayed away."""
    headers = headers_for(client, reader)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, topic.pk)
        await in_sync(change)
        await in_sync(services.post_create, topic=topic, author=author, source="Dopo")
        first = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await in_sync(services.post_create, topic=topic, author=author, source="Ancora")
        nothing = await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()
        return first, nothing

    return async_to_sync(scenario)()


def test_a_coach_taken_off_the_cluster_stops_receiving(client, coach, operator, org, north_topic):
    first, nothing = _revoked_after(
        client, coach, north_topic, operator, lambda: org["north"].coaches.remove(coach)
    )
    assert first == {"type": "revoked", "topic": north_topic.pk}
    assert nothing


def test_an_operator_moved_to_another_cluster_stops_receiving(
    client, make_user, org, operator, north_topic
):
    colleague = make_user(role=Role.OPERATOR, centre=org["pa2"], email="collega@example.org")

    def move():
        colleague.centre = org["sr1"]
        colleague.save()

    first, nothing = _revoked_after(client, colleague, north_topic, operator, move)
    assert first == {"type": "revoked", "topic": north_topic.pk}
    assert nothing


def test_a_deactivated_account_stops_receiving(client, make_user, org, operator, north_topic):
    colleague = make_user(role=Role.OPERATOR, centre=org["pa2"], email="uscente@example.org")

    def deactivate():
        colleague.is_active = False
        colleague.save()

    first, nothing = _revoked_after(client, colleague, north_topic, operator, deactivate)
    assert first == {"type": "revoked", "topic": north_topic.pk}
    assert nothing


def test_a_change_that_bypasses_the_signals_is_caught_when_the_decision_is_old(
    client, participant, teacher, edition_topic, monkeypatch
):
    monkeypatch.setattr(live_rights, "RIGHTS_MAX_AGE", 0.0)
    first, nothing = _revoked_after(
        client,
        participant,
        edition_topic,
        teacher,
        lambda: Enrolment.objects.filter(user=participant).update(
            status=Enrolment.Status.WITHDRAWN
        ),
    )
    assert first == {"type": "revoked", "topic": edition_topic.pk}
    assert nothing


def test_a_change_for_someone_else_costs_this_reader_nothing(
    client, coach, operator, org, north_topic, make_user, counted_database_calls
):
    other = make_user(role=Role.COACH, email="altro.coach@example.org")
    headers = headers_for(client, coach)

    async def scenario():
        communicator = await opened(headers)
        await follow(communicator, north_topic.pk)
        before = len(counted_database_calls)
        await in_sync(lambda: org["north"].coaches.add(other))
        post = await in_sync(services.post_create, topic=north_topic, author=operator, source="Ok")
        received = await communicator.receive_json_from(timeout=LIVE_TIMEOUT)
        await communicator.disconnect()
        return before, post, received

    before, post, received = async_to_sync(scenario)()
    assert received["post"] == post.pk
    assert len(counted_database_calls) == before
