"""Reading a topic writes nothing: the read mark waits in the counters buffer until the flush."""

import re

import pytest
from bs4 import BeautifulSoup

from forums import services
from forums.counters import pending_read_marks
from forums.models import TopicReadMark
from tests.writes import no_database_writes
from website.core import counters

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_reading_a_topic_writes_nothing_and_the_reader_sees_it_read(
    client, coach, cluster_lead, operator, north_topic
):
    first_post = north_topic.last_post_id
    client.force_login(coach)
    assert re.search(r"1 discussione con novità", text_of(client.get("/forum/")))
    with no_database_writes():
        assert client.get(north_topic.get_absolute_url()).status_code == 200
    assert not TopicReadMark.objects.filter(user=coach).exists()
    # Before any flush, the reader's own lists already count the topic as read.
    assert "novità" not in text_of(client.get("/forum/"))
    assert not re.search(
        r"\d+ messagg\w+ non lett", text_of(client.get(f"/forum/{north_topic.forum.slug}/"))
    )
    # Another reader's lists are theirs.
    client.force_login(cluster_lead)
    assert "con novità" in text_of(client.get("/forum/"))

    services.post_create(topic=north_topic, author=operator, source="Una risposta")
    client.force_login(coach)
    assert "1 messaggio non letto" in text_of(client.get(f"/forum/{north_topic.forum.slug}/"))
    assert counters.flush() == 1
    mark = TopicReadMark.objects.get(user=coach, topic=north_topic)
    assert mark.last_read_post_id == first_post
    assert pending_read_marks(coach.pk) == {}
    assert "1 messaggio non letto" in text_of(client.get(f"/forum/{north_topic.forum.slug}/"))


def test_a_mark_never_goes_backwards(client, coach, operator, north_topic):
    posts = [
        services.post_create(topic=north_topic, author=operator, source=f"Messaggio {n}")
        for n in range(25)
    ]
    client.force_login(coach)
    client.get(f"{north_topic.get_absolute_url()}?page=2")
    client.get(f"{north_topic.get_absolute_url()}?page=1")
    assert pending_read_marks(coach.pk) == {north_topic.pk: posts[-1].pk}
    counters.flush()
    client.get(f"{north_topic.get_absolute_url()}?page=1")
    counters.flush()
    assert TopicReadMark.objects.get(user=coach, topic=north_topic).last_read_post_id == (
        posts[-1].pk
    )


def test_a_newer_mark_in_the_database_is_kept_at_the_flush(client, coach, operator, north_topic):
    client.force_login(coach)
    client.get(north_topic.get_absolute_url())
    # Meanwhile the reader replies: writing marks the topic read up to the reply at once.
    reply = services.post_create(topic=north_topic, author=coach, source="La mia risposta")
    counters.flush()
    assert TopicReadMark.objects.get(user=coach, topic=north_topic).last_read_post_id == reply.pk


def test_the_mark_of_a_topic_deleted_before_the_flush_is_dropped(client, coach, north_topic):
    client.force_login(coach)
    client.get(north_topic.get_absolute_url())
    north_topic.delete()
    assert counters.flush() == 1
    assert not TopicReadMark.objects.exists()
    assert pending_read_marks(coach.pk) == {}


def test_a_reader_who_may_not_read_the_topic_leaves_no_mark(client, outsider, edition_topic):
    client.force_login(outsider)
    assert client.get(edition_topic.get_absolute_url()).status_code == 404
    assert pending_read_marks(outsider.pk) == {}
