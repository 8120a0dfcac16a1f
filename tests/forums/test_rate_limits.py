"""The posting limit is taken before the post is made, atomically: parallel replies cannot beat it."""

import threading

import pytest
from django.db import connections
from django.test import Client

from forums import services
from forums.models import Post
from website.core.exceptions import Refused
from website.core.ratelimits import parse_rate, release_slot, take_slot


def in_parallel(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_rates_are_parsed():
    assert parse_rate("5/m") == (5, 60)
    assert parse_rate("40/h") == (40, 3600)
    assert parse_rate("10/5m") == (10, 300)
    with pytest.raises(ValueError):
        parse_rate("5 a minute")


def test_twenty_parallel_takers_get_exactly_five_slots():
    results = in_parallel([lambda: take_slot("test", 7, ["5/m", "40/h"]) for _ in range(20)])
    assert sum(slot is not None for slot in results) == 5


def test_a_refused_use_does_not_count_and_a_released_one_is_given_back():
    slots = [take_slot("test", 1, ["2/m", "3/h"]) for _ in range(2)]
    assert all(slots)
    assert take_slot("test", 1, ["2/m", "3/h"]) is None
    release_slot(slots[0])
    assert take_slot("test", 1, ["2/m", "3/h"]) is not None  # the hour still had room
    assert take_slot("test", 2, ["2/m"]) is not None  # another person has their own count


@pytest.mark.django_db
def test_a_reply_sent_while_another_is_being_saved_is_counted(
    client, operator, north_topic, settings, monkeypatch
):
    """Old code checked, created, then counted: a second request in between got through."""
    settings.FORUMS_POST_RATES = ["1/m"]
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/rispondi/"
    create = services.post_create
    inner = []

    def create_while_another_arrives(**kwargs):
        if not inner:
            inner.append(None)  # only the first call sends the second request
            inner[0] = client.post(url, {"source": "Arrivata nel frattempo"})
        return create(**kwargs)

    monkeypatch.setattr(services, "post_create", create_while_another_arrives)
    assert client.post(url, {"source": "La prima"}).status_code == 302
    assert inner[0].status_code == 429
    assert north_topic.posts.count() == 2  # the topic's first post and one reply


@pytest.mark.django_db
def test_a_reply_refused_by_the_forum_gives_its_use_back(
    client, operator, north_topic, settings, monkeypatch
):
    settings.FORUMS_POST_RATES = ["1/m"]
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/rispondi/"
    create = services.post_create

    def refuse_once(**kwargs):
        monkeypatch.setattr(services, "post_create", create)
        raise Refused("La discussione è stata chiusa.")

    monkeypatch.setattr(services, "post_create", refuse_once)
    assert client.post(url, {"source": "Rifiutata"}).status_code == 409
    assert client.post(url, {"source": "Accettata"}).status_code == 302


@pytest.mark.postgres
def test_twenty_parallel_replies_make_at_most_five_posts(
    transactional_db, operator, north_topic, settings
):
    settings.FORUMS_POST_RATES = ["5/m", "40/h"]
    url = f"/forum/discussioni/{north_topic.pk}/rispondi/"

    def reply(number):
        client = Client()
        client.force_login(operator)
        return client.post(url, {"source": f"Risposta {number}"}).status_code

    results = in_parallel([lambda n=n: reply(n) for n in range(20)])
    assert sorted(results) == [302] * 5 + [429] * 15
    assert Post.objects.filter(topic=north_topic).count() == 1 + 5
