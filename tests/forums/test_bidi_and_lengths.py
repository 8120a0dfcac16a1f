"""Forum titles and posts: no bidirectional controls, no unbounded text."""

import pytest

from forums.models import Topic

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_a_topic_is_saved_and_shown_without_bidi_controls(client, operator, north_forum):
    client.force_login(operator)
    response = client.post(
        f"/forum/{north_forum.slug}/nuova-discussione/",
        {"title": f"Scadenze {RLO}eraznavA", "source": f"Vedi {RLO}fdp.exe e &#x202E;qui"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert topic.title == "Scadenze eraznavA"
    page = client.get(topic.get_absolute_url()).content.decode()
    assert RLO not in page and "&#x202E;" not in page
    assert "Vedi fdp.exe e qui" in page
