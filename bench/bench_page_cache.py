"""Anonymous page cache: requests per second of the home page and a news page, cache off
against cache on, in one process, rounds interleaved (off, on, off, on, ...), medians.

Runs on the test settings (an SQLite file of its own, local-memory cache) with a fresh database
holding the sections, 12 news pages, 30 acts and 4 upcoming course editions. Readers:
a browser (its view is counted by website.analytics, which still writes on every view) and
a client the counter ignores, which shows the cache alone. The act index signed in is never
a whole cached page: there "cache on" is the cached filter form (and "off" renders it).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
READERS = [("browser (counted)", BROWSER), ("not counted", ""), ("signed in", BROWSER)]


def seed() -> dict[str, str]:
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import Course, Edition, Programme
    from tests.cms.factories import area, make_news, many_acts
    from website.accounts.models import Cluster, Region

    news = [make_news(title=f"Notizia {n}") for n in range(12)]
    many_acts(30, areas=[area()])
    region = Region.objects.create(name="Regione", code="regione")
    cluster = Cluster.objects.create(region=region, name="Palermo Città", code="pa")
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano",
        slug="piano",
        region=region,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=200),
        is_published=True,
    )
    course = Course.objects.create(programme=programme, code="UD1", title="Corso", slug="ud1")
    for n in range(4):
        start = today + timedelta(days=10 + n)
        Edition.objects.create(
            course=course,
            code=f"ED-{n}",
            cluster=cluster,
            capacity=20,
            starts_on=start,
            ends_on=start,
            status=Edition.Status.SCHEDULED,
        )
    return {"home": "/", "news page": news[0].url, "act index": "/normativa/"}


def signed_in() -> Client:
    from website.accounts.models import User

    user = User.objects.filter(email="bench@example.org").first() or User.objects.create_user(
        email="bench@example.org", password="bench-password-2026"
    )
    client = Client()
    client.force_login(user)
    return client


def rate(client: Client, url: str, agent: str) -> float:
    client.get(url, HTTP_USER_AGENT=agent)  # the first request renders (and stores)
    started = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url, HTTP_USER_AGENT=agent)
        assert response.status_code == 200, (url, response.status_code)
    return REQUESTS / (time.perf_counter() - started)


def main() -> None:
    setup_test_environment()
    # Its own database file: the test suite's may be in use.
    connection.settings_dict["TEST"]["NAME"] = os.path.join(
        tempfile.mkdtemp(prefix="aula-bench-"), "db.sqlite3"
    )
    connection.creation.create_test_db(verbosity=0)
    pages = seed()
    results: dict[tuple[str, str, str], list[float]] = {}
    for _round in range(ROUNDS):
        for mode, seconds in (("off", 0), ("on", 600)):
            settings.PAGE_CACHE_SECONDS = seconds
            for name, url in pages.items():
                for reader, agent in READERS:
                    cache.clear()
                    client = signed_in() if reader == "signed in" else Client()
                    results.setdefault((name, reader, mode), []).append(rate(client, url, agent))
    print(f"{ROUNDS} interleaved rounds of {REQUESTS} requests, medians (requests/s)")
    print(f"{'page':<12} {'reader':<18} {'cache off':>10} {'cache on':>10} {'on/off':>7}")
    for name in pages:
        for reader, _agent in READERS:
            off = statistics.median(results[(name, reader, "off")])
            on = statistics.median(results[(name, reader, "on")])
            print(f"{name:<12} {reader:<18} {off:>10.1f} {on:>10.1f} {on / off:>6.1f}×")


if __name__ == "__main__":
    main()
