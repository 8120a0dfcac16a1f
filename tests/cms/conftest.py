import pytest
from django.conf import settings

# The site's own search backend runs on SQLite only (PostgreSQL uses Wagtail's, which
# ranks in one query): its tests are not collected elsewhere (never skipped).
collect_ignore = []
if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    collect_ignore.append("test_search_ranking.py")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Each test stores its documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader_client(client):
    """A browser-like client: a user agent, so that its views are counted."""
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
    return client
