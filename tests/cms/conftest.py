import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Each test stores its documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader_client(client):
    """A browser-like client: a user agent, so that its views are counted."""
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
    return client
