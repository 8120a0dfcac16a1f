"""Site search and forum search at two sizes of the demo: the rate of ``/cerca/?q=…`` and of
``/forum/cerca/?q=…`` at scale 100 against scale 1 (issue 19: at least 0.8), on SQLite and
on PostgreSQL.

``make bench BENCH=bench_search`` seeds the demo at ``--scale 1`` and ``--scale 100`` once
(bench/seeding.py: kept under var/bench/ until the migrations or the demo change) and
measures the SQLite pair; with a PostgreSQL ``DATABASE_URL`` it also seeds and measures a
PostgreSQL pair, in databases beside the one it names. ``python bench/bench_search.py
[small_url large_url]...`` measures the pairs of databases given instead (scale 1 then
scale 100, each already migrated and seeded).

Each database is served by a process of its own (the test client, local-memory cache: a
shared Redis would mix the two sizes' cached rankings); the two sizes of a pair are timed
in turn, one request each, the first of the two alternating, so that both share the
machine's load as it changes; medians of many requests after a warm-up. For each query
and pair three readers are timed: an anonymous one on the site search (the pages, courses
and library), a signed-in operator on the site search, whose page also searches the forums
(``SITE_SEARCH_SOURCES``), and the same operator on the forum search's own page (ten
posts a page, counted). "cold" is the signed-in site search right after the index changed
(the ranking is not cached: what the first reader after an edit pays). Queries per request
(counted after the warm-up) and what each search finds are printed too.

The dev settings close the database connection after each request (``CONN_MAX_AGE`` 0);
``BENCH_SEARCH_KEEP_CONNECTIONS=1`` keeps it, as the production settings do on SQLite under
a WSGI server (a fresh SQLite connection reads every page it needs through the file again).
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
KEEP_CONNECTIONS = os.environ.get("BENCH_SEARCH_KEEP_CONNECTIONS") == "1"
COLD_ROUNDS = max(ROUNDS // 3, 3)
MEMBER = "operatore@aula.example"


def serve() -> None:
    """One database's side of the measure: answers the parent's requests one line at a time.

    ``<reader> <query>`` times one request and answers its milliseconds (``cold``: the
    signed-in site search right after the index changed); ``queries <reader> <query>``
    answers its SQL queries; ``pages <query>`` and ``posts <query>`` what the site search and
    the forum search find.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from wagtail.models import Site

    from forums.selectors import search_posts
    from website.cms.selectors import SearchFilters, search_pages
    from website.core.searchindex.selectors import index_changed

    # Static files are not collected for the benchmark: plain storage, no manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    if KEEP_CONNECTIONS:
        connection.settings_dict["CONN_MAX_AGE"] = None
    member_user = get_user_model().objects.get(email=MEMBER)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(member_user)
    readers = {
        "anonymous": (anonymous, "/cerca/"),
        "member": (member, "/cerca/"),
        "cold": (member, "/cerca/"),
        "forum": (member, "/forum/cerca/"),
    }

    def answer(value: float) -> None:
        sys.stdout.write(f"= {value}\n")
        sys.stdout.flush()

    for line in sys.stdin:
        command, _, rest = line.rstrip("\n").partition(" ")
        if command == "pages":
            root = Site.objects.get(is_default_site=True).root_page
            answer(search_pages(root, SearchFilters(query=rest)).count())
        elif command == "posts":
            answer(search_posts(member_user, rest).count())
        elif command == "queries":
            reader, _, query = rest.partition(" ")
            client, path = readers[reader]
            with CaptureQueriesContext(connection) as captured:
                client.get(path, {"q": query})
            answer(len(captured))
        else:
            client, path = readers[command]
            if command == "cold":
                index_changed()
            start = time.perf_counter()
            assert client.get(path, {"q": rest}).status_code == 200
            answer((time.perf_counter() - start) * 1000)


class Side:
    """A process serving one database (``serve``)."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "DATABASE_URL": url},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, *words: str) -> float:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(" ".join(words) + "\n")
        self.process.stdin.flush()
        while True:  # anything else a library prints on the way is not an answer
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the measuring process ended")
            if line.startswith("= "):
                return float(line[2:])

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait()


READERS = (("anonymous", ROUNDS), ("member", ROUNDS), ("cold", COLD_ROUNDS), ("forum", ROUNDS))


def measure_pair(small: Side, large: Side, query: str) -> tuple[list[float], list[float]]:
    """The two sizes timed request by request in turn (which goes first alternates), so that
    both share the machine's load; each reader's median, then counts and matches."""
    timings: dict[tuple[int, str], list[float]] = {}
    queries: dict[tuple[int, str], float] = {}
    for reader, rounds in READERS:
        for index, side in enumerate((small, large)):
            for _ in range(3):
                side.ask(reader, query)  # warm-up
            if reader != "cold":  # counted warm (cold: as "member", plus the ranking)
                queries[(index, reader)] = side.ask("queries", reader, query)
        for round_ in range(rounds):
            order = ((0, small), (1, large)) if round_ % 2 == 0 else ((1, large), (0, small))
            for index, side in order:
                timings.setdefault((index, reader), []).append(side.ask(reader, query))
    rows = []
    for index, side in enumerate((small, large)):
        medians = {reader: statistics.median(timings[(index, reader)]) for reader, _ in READERS}
        rows.append(
            [
                medians["anonymous"],
                queries[(index, "anonymous")],
                medians["member"],
                queries[(index, "member")],
                medians["cold"],
                medians["forum"],
                queries[(index, "forum")],
                side.ask("pages", query),
                side.ask("posts", query),
            ]
        )
    return rows[0], rows[1]


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
    sides = [
        (vendor(small_url), Side(small_url), Side(large_url)) for small_url, large_url in pairs
    ]
    for query in QUERIES:
        for name, small_side, large_side in sides:
            small, large = measure_pair(small_side, large_side, query)
            measured.append((name, query, small, large))
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
    for _, small_side, large_side in sides:
        small_side.close()
        large_side.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve()
    else:
        main()
