"""Denormalised counters and last-post pointers agree with the rows, whatever happens to them."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import Max

from forums import services
from forums.models import Forum, Post, Topic
from website.accounts.roles import Role


def expected_topic(topic):
    visible = Post.objects.filter(topic=topic, is_hidden=False, is_approved=True)
    return visible.count(), visible.aggregate(last=Max("id"))["last"]


def expected_forum(forum):
    topics = Topic.objects.filter(forum=forum, is_hidden=False, is_approved=True)
    posts = Post.objects.filter(topic__in=topics, is_hidden=False, is_approved=True)
    return topics.count(), posts.count(), posts.aggregate(last=Max("id"))["last"]


def assert_consistent():
    for topic in Topic.objects.all():
        assert (topic.post_count, topic.last_post_id) == expected_topic(topic), topic
    for forum in Forum.objects.all():
        actual = (forum.topic_count, forum.post_count, forum.last_post_id)
        assert actual == expected_forum(forum), forum


def test_counters_follow_every_change(
    operator, coach, cluster_lead, training_manager, north_forum, community, make_user
):
    topic = services.topic_create(forum=north_forum, author=operator, title="Contatori", source="1")
    replies = [
        services.post_create(topic=topic, author=coach, source=f"Risposta {n}") for n in range(4)
    ]
    assert_consistent()
    north_forum.refresh_from_db()
    assert (north_forum.topic_count, north_forum.post_count) == (1, 5)
    assert north_forum.last_post_id == replies[-1].pk

    services.post_set_hidden(post=replies[-1], actor=cluster_lead, hidden=True)
    assert_consistent()
    topic.refresh_from_db()
    assert topic.last_post_id == replies[-2].pk and topic.reply_count == 3
    services.post_set_hidden(post=replies[-1], actor=cluster_lead, hidden=False)
    assert_consistent()
    services.post_delete(post=replies[1], actor=coach)
    assert_consistent()
    services.topic_set_hidden(topic=topic, actor=cluster_lead, hidden=True)
    assert_consistent()
    services.topic_set_hidden(topic=topic, actor=cluster_lead, hidden=False)
    services.topic_move(topic=topic, actor=training_manager, forum=community)
    assert_consistent()
    community.refresh_from_db()
    north_forum.refresh_from_db()
    assert (north_forum.topic_count, north_forum.post_count, north_forum.last_post_id) == (
        0,
        0,
        None,
    )
    assert community.topic_count == 1

    newcomer = make_user(role=Role.OPERATOR, centre=operator.centre)
    waiting = services.post_create(topic=topic, author=newcomer, source="In attesa")
    assert not waiting.is_approved
    assert_consistent()
    services.post_approve(post=waiting, actor=training_manager)
    assert_consistent()
    other = make_user(role=Role.OPERATOR, centre=operator.centre)
    refused = services.post_create(topic=topic, author=other, source="Da respingere")
    services.post_reject(post=refused, actor=training_manager)
    assert_consistent()
    refused.refresh_from_db()
    assert refused.is_hidden and not refused.is_approved


def test_recount_repairs_counters_written_by_hand(north_topic, coach):
    services.post_create(topic=north_topic, author=coach, source="Risposta")
    Forum.objects.update(topic_count=99, post_count=99, last_post=None)
    Topic.objects.update(post_count=0, last_post=None)
    for forum in Forum.objects.all():
        services.forum_recount(forum=forum)
    assert_consistent()


@pytest.mark.postgres
def test_concurrent_posting_keeps_counters_right(
    transactional_db, make_user, org, cluster_lead, north_forum
):
    authors = [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(6)]
    topics = [
        services.topic_create(forum=north_forum, author=authors[0], title=f"Tema {n}", source="Via")
        for n in range(2)
    ]
    target = services.post_create(topic=topics[0], author=authors[1], source="Da moderare")
    start = threading.Barrier(len(authors) + 1)
    errors = []

    def post_many(author, index):
        try:
            start.wait()
            for number in range(8):
                services.post_create(
                    topic=topics[(index + number) % 2], author=author, source=f"{index}-{number}"
                )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    def moderate():
        try:
            start.wait()
            for number in range(8):
                services.post_set_hidden(post=target, actor=cluster_lead, hidden=number % 2 == 0)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post_many, args=(a, i)) for i, a in enumerate(authors)]
    threads.append(threading.Thread(target=moderate))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Post.objects.count() == 2 + 1 + len(authors) * 8
    assert_consistent()
    north_forum.refresh_from_db()
    assert north_forum.last_post_id == Post.objects.aggregate(last=Max("id"))["last"]
