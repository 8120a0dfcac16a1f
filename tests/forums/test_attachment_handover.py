"""Forum attachments leave the way resources do: handed to the web server when it is set up."""

import pytest
from wagtail.utils.sendfile import _get_sendfile

from forums import services

from .test_attachments import PDF, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def nginx(settings):
    settings.PROTECTED_FILES_SERVER = "x-accel-redirect"
    settings.PROTECTED_FILES_NGINX_PREFIX = "/protected-media/"
    _get_sendfile.clear()
    yield
    _get_sendfile.clear()


def test_nginx_sends_the_attachment_with_the_protective_headers(
    client, operator, north_topic, nginx
):
    post = services.post_create(
        topic=north_topic,
        author=operator,
        source="Allegato",
        uploads=[services.Upload(upload("dati.pdf", PDF), "dati\u202e.pdf", "application/pdf")],
    )
    attachment = post.attachments.get()
    client.force_login(operator)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dati.pdf"'
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
