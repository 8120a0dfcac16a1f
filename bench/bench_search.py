"""Site search at two sizes of the demo: the rate of ``/cerca/?q=…`` at scale 100 against
scale 1 (issue 19: at least 0.8), on SQLite and on PostgreSQL.

Seed each size into its own SQLite file or PostgreSQL database::

    DATABASE_URL=sqlite:////tmp/aula_s1.sqlite3 manage.py migrate && … seed_demo
    DATABASE_URL=sqlite:////tmp/aula_s100.sqlite3 manage.py migrate && … seed_demo --scale 100
    DATABASE_URL=postgres://…/aula_s1 manage.py migrate && … seed_demo          (and so on)

then ``python bench/bench_search.py [small_url large_url]...`` (pairs of databases,
scale 1 then scale 100; default: the two SQLite files above). Each size is timed in
its own process with the test client, after a warm-up, as the median of many
requests; the pairs are measured one query at a time, side by side, so that their
ratios share the machine's load. For each query and pair two readers are timed:
an anonymous one (the pages, courses and library) and a signed-in operator, whose
page also searches the forums (``SITE_SEARCH_SOURCES``). "cold" is the signed-in
search right after the index changed (the ranking is not cached: what the first
reader after an edit pays). Queries per request and matching pages are printed too.
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

    url = f"/cerca/?q={query}"

    def median_ms(client, rounds, before=None):
        timings = []
        for _ in range(rounds):
            if before is not None:
                before()
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append(time.perf_counter() - start)
        return statistics.median(timings) * 1000

    def queries(client):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    anonymous = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(get_user_model().objects.get(email=MEMBER))
    for client in (anonymous, member):
        median_ms(client, 3)
    row = [
        median_ms(anonymous, ROUNDS),
        queries(anonymous),
        median_ms(member, ROUNDS),
        queries(member),
        median_ms(member, COLD_ROUNDS, before=index_changed),
    ]
    from wagtail.models import Site

    from website.cms.selectors import SearchFilters, search_pages

    root = Site.objects.get(is_default_site=True).root_page
    row.append(search_pages(root, SearchFilters(query=query)).count())
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


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench import summary as targets

    urls = [arg for arg in sys.argv[1:] if "://" in arg]  # bench/run.py passes names too
    if not urls:
        if not all(Path(f"/tmp/aula_s{scale}.sqlite3").exists() for scale in (1, 100)):
            print("Seed /tmp/aula_s1.sqlite3 and /tmp/aula_s100.sqlite3 first (see the docstring).")
            return
        urls = ["sqlite:////tmp/aula_s1.sqlite3", "sqlite:////tmp/aula_s100.sqlite3"]
    if len(urls) % 2:
        sys.exit("Give the databases in pairs: scale 1, then scale 100.")
    pairs = list(zip(urls[::2], urls[1::2], strict=True))
    print(
        "| database | query | anonymous ms (1 / 100) | rate ratio | signed in ms (1 / 100) "
        "| rate ratio | cold ms (1 / 100) | queries anon. / signed in | matches |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for query in QUERIES:
        for small_url, large_url in pairs:
            small, large = run(small_url, query), run(large_url, query)
            print(
                f"| {vendor(small_url)} | {query} "
                f"| {small[0]:.1f} / {large[0]:.1f} | **{small[0] / large[0]:.2f}** "
                f"| {small[2]:.1f} / {large[2]:.1f} | **{small[2] / large[2]:.2f}** "
                f"| {small[4]:.1f} / {large[4]:.1f} "
                f"| {small[1]:.0f}/{large[1]:.0f} · {small[3]:.0f}/{large[3]:.0f} "
                f"| {small[5]:,.0f} / {large[5]:,.0f} |",
                flush=True,
            )
            name = f"search, {vendor(small_url)}"
            for reader, column in (("anonymous", 0), ("signed in", 2)):
                ratio = small[column] / large[column]
                targets.record(
                    name, f"{query!r}, {reader}: rate at 100 / at 1", ratio, 0.8, at_least=True
                )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
