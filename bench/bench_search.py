"""Site search at two sizes of the demo: the rate of ``/cerca/?q=lavoro`` at scale 100
against scale 1 (issue 19: at least 0.8).

Seed the two databases first, each in its own file or PostgreSQL database::

    DATABASE_URL=sqlite:////tmp/aula_s1.sqlite3 manage.py migrate && … seed_demo
    DATABASE_URL=sqlite:////tmp/aula_s100.sqlite3 manage.py migrate && … seed_demo --scale 100

then ``python bench/bench_search.py [small_url large_url]`` (defaults: those two
SQLite files). Each size is timed in its own process with the test client, after
a warm-up, as the median of many requests; queries per request are printed too.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("lavoro", "centro impiego", "formazione")
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "30"))


def measure(query: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # Static files are not collected for the benchmark: plain storage, no manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/cerca/?q={query}"
    for _ in range(3):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    from wagtail.models import Site

    from website.cms.selectors import SearchFilters, search_pages

    root = Site.objects.get(is_default_site=True).root_page
    found = search_pages(root, SearchFilters(query=query)).count()
    print(f"{statistics.median(timings) * 1000:.2f} {len(queries)} {found}")


def run(url: str, query: str) -> tuple[float, int, int]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", query],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main() -> None:
    if len(sys.argv) <= 2 and not all(
        Path(f"/tmp/aula_s{scale}.sqlite3").exists() for scale in (1, 100)
    ):
        print("Seed /tmp/aula_s1.sqlite3 and /tmp/aula_s100.sqlite3 first (see the docstring).")
        return
    small, large = (
        sys.argv[1:3]
        if len(sys.argv) > 2
        else (
            "sqlite:////tmp/aula_s1.sqlite3",
            "sqlite:////tmp/aula_s100.sqlite3",
        )
    )
    print(
        f"{'query':<16} {'scale 1 ms':>10} {'scale 100 ms':>12} {'matches':>13} "
        f"{'queries':>8} {'rate ratio':>10}"
    )
    for query in QUERIES:
        small_ms, small_q, small_n = run(small, query)
        large_ms, large_q, large_n = run(large, query)
        print(
            f"{query:<16} {small_ms:>10.2f} {large_ms:>12.2f} {small_n:>6}/{large_n:<6} "
            f"{small_q:>3}/{large_q:<4} {small_ms / large_ms:>10.2f}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
