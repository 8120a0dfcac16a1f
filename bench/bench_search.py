"""Site search and forum search at two sizes of the demo: the rate of ``/cerca/?q=…`` and of
``/forum/cerca/?q=…`` at scale 100 against scale 1 (issue 19: at least 0.8), on SQLite and
on PostgreSQL.

``make bench BENCH=bench_search`` seeds the demo at ``--scale 1`` and ``--scale 100`` once
(bench/seeding.py: kept under var/bench/ until the migrations or the demo change) and
measures the SQLite pair; with a PostgreSQL ``DATABASE_URL`` it also seeds and measures a
PostgreSQL pair, in databases beside the one it names. ``python bench/bench_search.py
[small_url large_url]...`` measures the pairs of databases given instead (scale 1 then
scale 100, each already migrated and seeded).

Each size is timed in its own process with the test client, after a warm-up, as the
median of many requests; the pairs are measured one query at a time, side by side, so
that their ratios share the machine's load. For each query and pair three readers are
timed: an anonymous one on the site search (the pages, courses and library), a signed-in
operator on the site search, whose page also searches the forums (``SITE_SEARCH_SOURCES``),
and the same operator on the forum search's own page (twenty posts a page, counted). "cold"
is the signed-in site search right after the index changed (the ranking is not cached: what
the first reader after an edit pays). Queries per request and matching pages and posts are
printed too.
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
COLD_ROUNDS = max(ROUNDS // 3, 3)
MEMBER = "operatore@aula.example"


def measure(query: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from website.core.searchindex.selectors import index_changed

    # Static files are not collected for the benchmark: plain storage, no manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()

    site_url = f"/cerca/?q={query}"
    forum_url = f"/forum/cerca/?q={query}"

    def median_ms(client, rounds, before=None, url=site_url):
        timings = []
        for _ in range(rounds):
            if before is not None:
                before()
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append(time.perf_counter() - start)
        return statistics.median(timings) * 1000

    def queries(client, url=site_url):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    anonymous = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(get_user_model().objects.get(email=MEMBER))
    for client in (anonymous, member):
        median_ms(client, 3)
    median_ms(member, 3, url=forum_url)
    row = [
        median_ms(anonymous, ROUNDS),
        queries(anonymous),
        median_ms(member, ROUNDS),
        queries(member),
        median_ms(member, COLD_ROUNDS, before=index_changed),
        median_ms(member, ROUNDS, url=forum_url),
        queries(member, url=forum_url),
    ]
    from wagtail.models import Site

    from forums.selectors import search_posts
    from website.cms.selectors import SearchFilters, search_pages

    root = Site.objects.get(is_default_site=True).root_page
    row.append(search_pages(root, SearchFilters(query=query)).count())
    row.append(search_posts(get_user_model().objects.get(email=MEMBER), query).count())
    print(" ".join(str(value) for value in row))


def run(url: str, query: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", query],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [float(value) for value in out]


def vendor(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def default_pairs() -> list[tuple[str, str]]:
    """The demo at scale 1 and 100 on SQLite, and on PostgreSQL when DATABASE_URL names one."""
    from bench.seeding import postgres_demo, sqlite_demo

    pairs = [(f"sqlite:///{sqlite_demo(1)}", f"sqlite:///{sqlite_demo(100)}")]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        pairs.append((postgres_demo(url, 1), postgres_demo(url, 100)))
    return pairs


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench import summary as targets

    urls = [arg for arg in sys.argv[1:] if "://" in arg]  # bench/run.py passes names too
    if len(urls) % 2:
        sys.exit("Give the databases in pairs: scale 1, then scale 100.")
    pairs = list(zip(urls[::2], urls[1::2], strict=True)) if urls else default_pairs()
    measured = []
    for query in QUERIES:
        for small_url, large_url in pairs:
            small, large = run(small_url, query), run(large_url, query)
            measured.append((vendor(small_url), query, small, large))
            name = vendor(small_url)
            for reader, column, bench in (
                ("anonymous", 0, "search"),
                ("signed in", 2, "search"),
                ("signed in", 5, "forum search"),
            ):
                targets.record(
                    f"{bench}, {name}",
                    f"{query!r}, {reader}: rate at 100 / at 1",
                    small[column] / large[column],
                    0.8,
                    at_least=True,
                )
    print(
        "Site search (/cerca/)\n\n"
        "| database | query | anonymous ms (1 / 100) | rate ratio | signed in ms (1 / 100) "
        "| rate ratio | cold ms (1 / 100) | queries anon. / signed in | matches |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for database, query, small, large in measured:
        print(
            f"| {database} | {query} "
            f"| {small[0]:.1f} / {large[0]:.1f} | **{small[0] / large[0]:.2f}** "
            f"| {small[2]:.1f} / {large[2]:.1f} | **{small[2] / large[2]:.2f}** "
            f"| {small[4]:.1f} / {large[4]:.1f} "
            f"| {small[1]:.0f}/{large[1]:.0f} · {small[3]:.0f}/{large[3]:.0f} "
            f"| {small[7]:,.0f} / {large[7]:,.0f} |"
        )
    print(
        "\nForum search (/forum/cerca/, signed in)\n\n"
        "| database | query | ms (1 / 100) | rate ratio | queries | posts found |"
    )
    print("|---|---|---|---|---|---|")
    for database, query, small, large in measured:
        print(
            f"| {database} | {query} "
            f"| {small[5]:.1f} / {large[5]:.1f} | **{small[5] / large[5]:.2f}** "
            f"| {small[6]:.0f}/{large[6]:.0f} | {small[8]:,.0f} / {large[8]:,.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
