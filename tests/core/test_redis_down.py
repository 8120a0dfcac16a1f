"""When Redis does not answer, pages still render: the cache degrades to misses.

Redis here is a port where nothing listens, so these run on every pass, with or without
a Redis server; the PostgreSQL + Redis pass runs the rest of the suite against a live one.
"""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.cms.factories import make_news
from tests.conftest import PASSWORD
from website.core import cache as resilient

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"
REDIS_DOWN = {
    "default": {
        "BACKEND": "website.core.cache.ResilientRedisCache",
        "LOCATION": NOWHERE,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    """The cache pointed at a Redis that does not answer (through pytest-django's settings,
    so that a test's own setting changes are undone in the right order)."""
    resilient._last_report = 0.0
    settings.CACHES = REDIS_DOWN


def test_every_cache_operation_degrades_instead_of_failing(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="website.core.cache"):
        assert cache.get("k") is None
        assert cache.get("k", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        assert cache.set("k", 1) is None
        assert cache.add("k", 1) is True  # a lock built on add() opens
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.touch("k") is False
        assert cache.delete("k") is False
        assert cache.delete_many(["a"]) is None
        assert cache.incr("k") == 1
        assert cache.count("k", 60) == 1  # a rate limit's count starts again
        assert cache.decr("k") == -1
        assert cache.clear() is None
    # Reported once a minute, not once per call.
    assert len([r for r in caplog.records if r.name == "website.core.cache"]) == 1


def test_pages_render_and_people_log_in_while_redis_is_down(redis_down, client, operator):
    news = make_news(title="Notizia senza Redis")

    assert client.get("/").status_code == 200
    page = client.get(news.url)
    assert page.status_code == 200 and "Notizia senza Redis" in page.content.decode()

    response = client.post(
        "/account/login/", {"login": operator.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == operator  # the session lives in the database too
    assert client.get(reverse("forums:index")).status_code == 200
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_healthz_says_redis_is_down(redis_down, client, settings):
    settings.REDIS_URL = NOWHERE
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "error" and response.json()["database"] == "ok"


def test_the_site_recovers_when_the_cache_answers_again(client):
    with override_settings(CACHES=REDIS_DOWN):
        assert client.get("/").status_code == 200
    cache.set("back", "yes")
    assert cache.get("back") == "yes"
    assert client.get("/").status_code == 200


def test_a_value_set_without_a_timeout_keeps_the_default_one(settings):
    """The wrapper passes Django's default timeout on, never None (which means forever)."""
    import inspect

    for name in ("set", "add", "touch", "set_many"):
        default = (
            inspect.signature(getattr(resilient.ResilientRedisCache, name))
            .parameters["timeout"]
            .default
        )
        assert default is resilient.DEFAULT_TIMEOUT, name


def test_every_cache_object_of_a_process_shares_one_client_and_its_pool():
    """Django makes a cache object per thread and per request context (under uvicorn, per
    request): each used to open its own pool and a new connection to Redis."""
    import threading

    from django.core.cache import caches

    with override_settings(CACHES=REDIS_DOWN):
        made = []
        threads = [
            threading.Thread(target=lambda: made.append(caches.create_connection("default")))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        first, second = made
        assert first is not second
        assert first._cache is second._cache
        other = resilient.ResilientRedisCache("redis://127.0.0.1:2/0", {})
        assert other._cache is not first._cache  # another server: its own client
