"""Each page of issue 19's table as a ratio of the ceiling's throughput, and its SQL queries.

The platform runs under gunicorn (2 sync workers) with the production settings on a
copy of a SQLite database seeded with the demo data (seeded once and kept under
var/bench/ until the migrations or the demo change). Beside it, a bare Django view
(bench/ceiling.py) renders from memory a template of the same byte size as each
page: the ceiling. Pages and ceilings are measured in interleaved rounds, one at a
time, by a few client threads for a fixed time each; the medians give the ratio.

Prints one table (page, ratio to ceiling, queries) and writes it, dated, at the top
of the "Pages against the ceiling" section of bench/RESULTS.md. About three minutes
once the seeded database exists. BENCH_ROUNDS and BENCH_SECONDS shorten or lengthen it.
BENCH_SCALE (default 1) seeds and measures the demo at that ``seed_demo --scale``; from
100 on the demo holds a topic of 240 posts, and its first and last page join the table.
"""

import base64
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import summary as targets
from bench.seeding import manage as _manage
from bench.seeding import sqlite_demo
from bench.serving import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "0.8"))
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
CLIENTS = 4
WORKERS = 2
SECTION = "## Pages against the ceiling (`make bench`)"
MARKER = "<!-- bench_pages: the newest run first -->"


def seeded_database() -> Path:
    """The demo at --scale SCALE in SQLite, seeded once per fingerprint and scale."""
    return sqlite_demo(SCALE)


def production_env(database: Path, media: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CERTIFICATES_SIGNING_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32))
        .decode()
        .rstrip("="),
        # What production insists on (a public https origin, a real mail backend); the
        # benchmark's requests still reach the loopback, as nginx would forward them.
        "SITE_URL": "https://aula.example.it",
        "EMAIL_URL": "dummymail://",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(media),
        # The benchmark's clients all come from one address: the verification page's
        # per-address limit (30 a minute) would answer them 429 within a round.
        "CERTIFICATES_VERIFY_RATE": "1000000/m",
    }
    env.pop("REDIS_URL", None)  # local-memory cache: one machine, no network in the way
    env.pop("DEBUG", None)
    return env


PREPARE = """
import json, django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from bench.pages import pages, count_queries
found = []
for page in pages():
    queries, _ = count_queries(page)
    client = Client()
    if page.email:
        client.force_login(get_user_model().objects.get(email=page.email))
    response = client.get(page.url)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    found.append({"label": page.label, "url": page.url, "queries": queries,
                  "size": len(response.content), "session": cookie.value if cookie else None,
                  "cookie": settings.SESSION_COOKIE_NAME})
print(json.dumps(found))
"""


def prepare(env) -> list[dict]:
    """The pages, their queries, their byte size and a session for the logged-in ones."""
    output = subprocess.run(
        [sys.executable, "-c", PREPARE], cwd=ROOT, env=env, check=True, capture_output=True
    ).stdout
    return json.loads(output.decode().strip().splitlines()[-1])


def gunicorn(app: str, port: int, env, log) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    wait_until_serving(port, process=process, timeout=60, name=f"gunicorn {app}")
    return process


def get(port: int, url: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def rate(port: int, url: str, headers: dict[str, str], seconds: float) -> float:
    """Requests per second that CLIENTS threads get answered in ``seconds``."""
    done = [0] * CLIENTS
    failures: list[int] = []
    stop = time.perf_counter() + seconds

    def client(index):
        while time.perf_counter() < stop:
            status = get(port, url, headers)
            if status != 200:
                failures.append(status)
                return
            done[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{url}: HTTP {failures[0]}")
    return sum(done) / (time.perf_counter() - started)


def measure(found, app_port, ceiling_port) -> list[dict]:
    rows = []
    for page in found:
        print(f"  warming {page['url']}", flush=True)
        headers = {"Host": "127.0.0.1", "Accept-Language": "it"}
        if page["session"]:
            headers["Cookie"] = f"{page['cookie']}={page['session']}"
        ceiling_url = f"/{page['size']}/"
        get(app_port, page["url"], headers)  # warm each worker's caches
        get(app_port, page["url"], headers)
        get(ceiling_port, ceiling_url, {"Host": "127.0.0.1"})
        rows.append({**page, "headers": headers, "ceiling_url": ceiling_url, "ratios": []})
    for round_number in range(ROUNDS):
        print(f"  round {round_number + 1}/{ROUNDS}", flush=True)
        for row in rows:
            page_rate = rate(app_port, row["url"], row["headers"], SECONDS)
            ceiling_rate = rate(ceiling_port, row["ceiling_url"], {"Host": "127.0.0.1"}, SECONDS)
            row["ratios"].append((page_rate / ceiling_rate, page_rate, ceiling_rate))
    for row in rows:
        row["ratio"] = statistics.median(r[0] for r in row["ratios"])
        row["rate"] = statistics.median(r[1] for r in row["ratios"])
        row["ceiling"] = statistics.median(r[2] for r in row["ratios"])
    return rows


def table(rows) -> str:
    lines = [
        "| page | ratio to ceiling | SQL queries | page req/s | ceiling req/s | bytes |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['ratio']:.2f} | {row['queries']} | {row['rate']:.0f} "
            f"| {row['ceiling']:.0f} | {row['size']} |"
        )
    return "\n".join(lines)


# Issue 19's targets: the health check and the verification page answer machines and
# strangers at any rate; anonymous pages are the public channel; signed-in pages do more.
FAST_PAGES = {"/healthz": 0.7, "certificate verification": 0.7}


def goal(row) -> float:
    return FAST_PAGES.get(row["label"], 0.3 if row["session"] else 0.5)


def record(text: str) -> None:
    """Put this run at the top of its section of RESULTS.md, leaving other sections alone."""
    content = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if MARKER not in content:
        content = content.rstrip("\n") + f"\n\n{SECTION}\n\n{MARKER}\n"
    head, tail = content.split(MARKER, 1)
    RESULTS.write_text(f"{head}{MARKER}\n\n{text}\n{tail}")


def main():
    started = time.monotonic()
    source = seeded_database()
    workdir = Path(tempfile.mkdtemp(prefix="aula-bench-pages-"))
    try:
        database = workdir / "bench.sqlite3"
        shutil.copy(source, database)
        env = production_env(database, workdir / "media")
        _manage(env, "collectstatic", "--noinput", "-v0")
        found = prepare(env)
        ceiling_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.ceiling"}
        app_port, ceiling_port = free_port(), free_port()
        log = (workdir / "gunicorn.log").open("w")
        app = gunicorn("website.wsgi:application", app_port, env, log)
        ceiling = gunicorn("bench.ceiling:application", ceiling_port, ceiling_env, log)
        try:
            rows = measure(found, app_port, ceiling_port)
        except Exception:
            log.flush()
            print((workdir / "gunicorn.log").read_text()[-4000:], file=sys.stderr)
            raise
        finally:
            for process in (app, ceiling):
                process.terminate()
                process.wait()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    now = datetime.now(UTC)
    heading = (
        f"### {now:%Y-%m-%d %H:%M} UTC, commit {_commit()}: gunicorn {WORKERS} sync workers, "
        f"production settings, SQLite, demo at --scale {SCALE}, {ROUNDS} interleaved rounds of "
        f"{SECONDS:g} s x {CLIENTS} clients (medians), load average {os.getloadavg()[0]:.1f}"
    )
    text = f"{heading}\n\n{table(rows)}\n"
    print(text)
    record(text)
    for row in rows:
        targets.record(
            "pages", f"{row['label']}: ratio to the ceiling", row["ratio"], goal(row), at_least=True
        )
        targets.record("pages", f"{row['label']}: SQL queries", row["queries"], 10, at_least=False)
    print(f"({time.monotonic() - started:.0f} s; written to {RESULTS.relative_to(ROOT)})")


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
