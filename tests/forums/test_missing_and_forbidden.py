"""A forum, topic, post or attachment someone may not read answers as a missing one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pairs(north_forum, north_topic, operator):
    """(restricted, missing) addresses of each kind, in the northern cluster's forum."""
    post = services.post_create(
        topic=north_topic,
        author=operator,
        source="Allegato",
        uploads=[
            services.Upload(
                SimpleUploadedFile("dati.pdf", PDF, "application/pdf"),
                "dati.pdf",
                "application/pdf",
            )
        ],
    )
    attachment = post.attachments.get()
    return {
        "forum": [north_forum.get_absolute_url(), "/forum/non-esiste/"],
        "topic": [north_topic.get_absolute_url(), f"/forum/discussioni/{north_topic.pk + 1000}/"],
        "post": [
            reverse("forums:post", args=[post.pk]),
            reverse("forums:post", args=[post.pk + 1000]),
        ],
        "attachment": [
            attachment.get_absolute_url(),
            reverse("forums:attachment", args=[attachment.pk + 1000, "dati.pdf"]),
            reverse("forums:attachment", args=[attachment.pk, "altro.pdf"]),
        ],
    }


KINDS = ["forum", "topic", "post", "attachment"]


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitors_go_to_the_login_page_whether_or_not_it_exists(client, pairs, kind):
    for url in pairs[kind]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("kind", KINDS)
def test_people_who_may_not_read_it_get_404_whether_or_not_it_exists(client, pairs, kind, outsider):
    client.force_login(outsider)
    for url in pairs[kind]:
        assert client.get(url).status_code == 404, url


def test_readers_still_read(client, pairs, operator):
    client.force_login(operator)
    for kind in KINDS:
        assert client.get(pairs[kind][0]).status_code in (200, 302), kind
