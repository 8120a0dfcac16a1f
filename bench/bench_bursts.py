"""Bursts: 30 self check-ins in one second, 300 dashboard loads in ten seconds, per server set-up.

The app runs with the production settings, Redis (database 13, emptied first) and a
SQLite copy of the demo at --scale 1, under each server set-up of ``SETUPS`` in turn,
in one run (the machine is shared and noisy: compare the rows, not the milliseconds
with another run). Locust (headless, bounded, loopback only) sends each burst
(bench/locust_bursts.py); the same request made one at a time, just before, under the
same set-up, gives the idle latency. The target (issue 19): zero errors and a burst
p95 at most five times the idle median.

How the check-ins arrive (the arrival pattern, ``BURST_PATTERN`` in locust_bursts.py):

- "spread over one second" (the target's reading): the 30 learners of a classroom
  arrive uniformly within one second, learner *i* at ``i/30`` s; each opens the
  check-in form, then sends the code. That is 30 requests a second, each of which
  costs a few milliseconds: what a classroom does when the teacher shows the code.
- "at random within one second": the 30 arrive at random instants of that second
  (seeded, the same in every run), clumps included: what chance, rather than a
  metronome, brings.
- "all at once" (for information): the 30 learners open the form first, then all
  send the code at the same instant. On two cores 30 simultaneous requests queue:
  the last waits for the 29 before it whatever the code costs, so its p95 is about
  15× the service time by arithmetic alone.

How the dashboards arrive:

- "spread over 10 s" (the target's reading of "300 dashboard loads in ten seconds", as
  for the check-ins): person *i* of 300 arrives at ``i/30`` s, uniformly: 30 a second.
- "at random within 10 s": at random instants, as for the check-ins.
- "30 at the start of each second" (for information): what locust does when told to
  spawn 30 users a second, since its dispatcher spawns a whole second's users at once
  (``floor(spawn_rate)`` a step). Runs before 2026-12-06 08:30 UTC measured only this:
  ten bursts of 30 simultaneous requests, where the 30th waits for the 29 before it.

Each round of check-ins is one classroom day of the same edition (the learners check
in to every day, as on consecutive days), so every round writes new records.
``python bench/run.py bench_bursts`` (about five minutes a round); ``BURST_SETUPS=a,b``
keeps only the set-ups so named, ``BURST_ROUNDS=2`` measures them all twice, the second
time in the reverse order (the machine's drift then hits every set-up alike);
``BURST_DASHBOARDS=0`` leaves the dashboards out. ``BURST_BEFORE=<commit>`` adds, beside
each set-up, the same set-up serving that commit's code (a ``git archive`` of it, with
this tree's collected static files): a change's before and after in one run.
"""

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import redis
import requests

from bench import summary as targets
from bench.bench_pages import _manage, production_env, seeded_database
from bench.serving import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IDLE_CHECK_INS = 10
BURST_CHECK_INS = 30
DASHBOARD_LOADS = 300
DASHBOARD_SECONDS = 10
DASHBOARD_PEOPLE = 40
REDIS_URL = "redis://127.0.0.1:6379/13"
TARGET = 5.0
PATTERNS = {
    "spread": "spread over one second",
    "random": "at random within one second",
    "once": "all at once",
}
DASHBOARD_PATTERNS = {
    "spread": f"spread over {DASHBOARD_SECONDS} s",
    "random": f"at random within {DASHBOARD_SECONDS} s",
    "ticks": "30 at the start of each second",
}
SEED = 19  # the random arrivals: the same instants in every run and set-up
ROUNDS = int(os.environ.get("BURST_ROUNDS", "1"))
DASHBOARDS = os.environ.get("BURST_DASHBOARDS", "1") != "0"
BEFORE = os.environ.get("BURST_BEFORE", "")


@dataclass(frozen=True)
class Setup:
    name: str
    label: str
    workers: int
    command: tuple[str, ...]
    root: Path = ROOT  # the code it serves


def _uvicorn(workers: int, http: str) -> tuple[str, ...]:
    return (
        str(BIN / "uvicorn"),
        "website.asgi:application",
        f"--workers={workers}",
        f"--http={http}",
        "--ws=websockets-sansio",
        "--lifespan=off",
        "--log-level=warning",
        "--no-server-header",
    )


def _gunicorn(workers: int, *worker: str) -> tuple[str, ...]:
    return (
        str(BIN / "gunicorn"),
        f"--workers={workers}",
        *worker,
        "--timeout=120",
        "--log-level=warning",
    )


SETUPS = [
    Setup("uvicorn4", "uvicorn, 4 workers, httptools", 4, _uvicorn(4, "httptools")),
    Setup("uvicorn4-h11", "uvicorn, 4 workers, h11", 4, _uvicorn(4, "h11")),
    Setup("uvicorn2", "uvicorn, 2 workers, httptools", 2, _uvicorn(2, "httptools")),
    Setup(
        "gunicorn-uvicorn4",
        "gunicorn, 4 uvicorn workers",
        4,
        (*_gunicorn(4, "--worker-class=uvicorn.workers.UvicornWorker"), "website.asgi:application"),
    ),
    Setup(
        "gunicorn-threads",
        "gunicorn, 2 sync workers × 4 threads (WSGI: no websockets)",
        2,
        (*_gunicorn(2, "--worker-class=gthread", "--threads=4"), "website.wsgi:application"),
    ),
]


def start(setup: Setup, port: int, env, log) -> subprocess.Popen:
    bind = (
        ("--host=127.0.0.1", f"--port={port}")
        if Path(setup.command[0]).name == "uvicorn"
        else (f"--bind=127.0.0.1:{port}",)
    )
    process = subprocess.Popen(
        [*setup.command, *bind],
        cwd=setup.root,
        env={**env, "AULA_WORKERS": str(setup.workers)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_serving(port, path="/healthz", process=process, name=setup.label)
    return process


def current_code(base: str, data: dict, day: dict) -> str:
    """The code the classroom's screen shows now (the teacher's view of it)."""
    answer = requests.get(
        base + day["code_path"],
        headers={"Cookie": f"{data['cookie_name']}={data['teacher']}"},
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()["code"]


def idle_check_ins(base: str, data: dict, day: dict) -> list[float]:
    """Milliseconds of each check-in POST, one learner after another."""
    code = current_code(base, data, day)
    timings = []
    for session in data["idle"]:
        http = requests.Session()
        cookie = f"{data['cookie_name']}={session}"
        form = http.get(base + day["check_in_path"], headers={"Cookie": cookie}, timeout=60)
        csrf = "; ".join(f"{k}={v}" for k, v in form.cookies.items() if "csrf" in k)
        token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        start = time.perf_counter()
        answer = http.post(
            base + day["check_in_path"],
            data={"csrfmiddlewaretoken": token, "code": code},
            headers={"Cookie": f"{cookie}; {csrf}", "Referer": form.url},
            allow_redirects=False,
            timeout=60,
        )
        timings.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 302:
            raise RuntimeError(f"idle check-in answered {answer.status_code}")
    return timings


def idle_dashboards(base: str, data: dict, repeat: int = 20) -> list[float]:
    timings = []
    for index in range(repeat):
        cookie = f"{data['cookie_name']}={data['dashboard'][index % len(data['dashboard'])]}"
        start = time.perf_counter()
        answer = requests.get(base + "/la-mia-formazione/", headers={"Cookie": cookie}, timeout=60)
        timings.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"idle dashboard answered {answer.status_code}")
    return timings


def locust(base: str, scenario: str, burst: dict, users: int, rate: float, work: Path) -> dict:
    """Run one burst; every locust user makes its requests once, then the run ends."""
    prefix = work / f"{scenario}-{time.monotonic_ns()}"
    data_file = prefix.with_suffix(".json")
    data_file.write_text(json.dumps(burst))
    env = {
        **os.environ,
        "BURST_SCENARIO": scenario,
        "BURST_DATA": str(data_file),
        "BURST_AT": str(time.time() + 5),
    }
    log = Path(f"{prefix}.log")
    subprocess.run(
        [
            str(BIN / "locust"),
            *("-f", str(ROOT / "bench" / "locust_bursts.py")),
            "--headless",
            "--only-summary",
            "--loglevel=WARNING",
            f"--users={users}",
            f"--spawn-rate={rate}",
            "--run-time=90s",  # the bound: a burst that takes longer is cut and shows it
            "--stop-timeout=0",
            f"--host={base}",
            f"--csv={prefix}",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    with open(f"{prefix}_failures.csv") as failures:
        for failure in csv.DictReader(failures):
            print(f"  {scenario}: {failure['Occurrences']} × {failure['Error']}", file=sys.stderr)
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    if rows.get("Aggregated", {}).get("Request Count") != str(
        users * (1 if scenario == "dashboard" else 2)
    ):
        print(
            f"  {scenario}: not every user made its requests:\n{log.read_text()[-3000:]}",
            file=sys.stderr,
        )
    return rows


def measure(setup: Setup, env, data: dict, days: list[dict], work: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = work / f"{setup.name}.log"
    with log_path.open("w") as log:
        server = start(setup, port, env, log)
        try:
            for _ in range(setup.workers * 4):  # warm every worker
                requests.get(base + "/la-mia-formazione/", timeout=60)
            idle_dashboards(base, data, repeat=setup.workers * 2)
            result = {"check-in idle": idle_check_ins(base, data, days[0])}
            for pattern, day in zip(PATTERNS, days, strict=True):
                burst = {
                    **data,
                    **day,
                    "code": current_code(base, data, day),
                    "pattern": pattern,
                    "seconds": 1,
                    "seed": SEED,
                }
                stats = locust(base, "checkin", burst, BURST_CHECK_INS, BURST_CHECK_INS, work)
                result[f"check-in {pattern}"] = stats["check-in"]
            if DASHBOARDS:
                result["dashboard idle"] = idle_dashboards(base, data)
                for pattern in DASHBOARD_PATTERNS:
                    paced = pattern != "ticks"
                    result[f"dashboard {pattern}"] = locust(
                        base,
                        "dashboard",
                        {**data, "pattern": pattern, "seconds": DASHBOARD_SECONDS, "seed": SEED},
                        DASHBOARD_LOADS,
                        # Paced: every user spawned before the first is due (BURST_AT is
                        # five seconds ahead); ticks: locust's own spawning sets the pace.
                        DASHBOARD_LOADS if paced else DASHBOARD_LOADS / DASHBOARD_SECONDS,
                        work,
                    )["dashboard"]
            return result
        except Exception:
            log.flush()
            print(log_path.read_text()[-4000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait()


def cells(idle: list[float], burst: dict) -> str:
    idle_median = statistics.median(idle)
    p95 = float(burst["95%"])
    ratio = p95 / idle_median
    met = ratio <= TARGET and burst["Failure Count"] == "0"
    return (
        f"{burst['Request Count']} | {burst['Failure Count']} | {idle_median:.0f} | "
        f"{float(burst['50%']):.0f} | {p95:.0f} | {ratio:.1f}× {'met' if met else 'not met'}"
    )


def summarise(results, setups) -> None:
    """Each set-up's bursts for the table of targets: the median p95 / idle over the rounds,
    and the failures of every round."""
    bursts = {
        f"check-in {pattern}": f"{BURST_CHECK_INS} check-ins, {label}"
        for pattern, label in PATTERNS.items()
    }
    if DASHBOARDS:
        for pattern, label in DASHBOARD_PATTERNS.items():
            bursts[f"dashboard {pattern}"] = f"{DASHBOARD_LOADS} dashboards, {label}"
    for setup in setups:
        mine = [result for _, chosen, result in results if chosen is setup]
        for key, label in bursts.items():
            idle = "dashboard idle" if key.startswith("dashboard") else "check-in idle"
            ratios = [float(r[key]["95%"]) / statistics.median(r[idle]) for r in mine]
            failures = sum(int(r[key]["Failure Count"]) for r in mine)
            name = f"bursts, {setup.label}"
            targets.record(
                name, f"{label}: p95 / idle", statistics.median(ratios), TARGET, at_least=False
            )
            targets.record(name, f"{label}: failures", failures, 0, at_least=False)


def code_of(commit: str, work: Path) -> Path:
    """That commit's tree, served with this tree's collected static files."""
    root = work / f"code-{commit}"
    root.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    (root / "staticfiles").symlink_to(ROOT / "staticfiles")
    return root


def main():
    chosen = [name for name in os.environ.get("BURST_SETUPS", "").split(",") if name]
    setups = [setup for setup in SETUPS if not chosen or setup.name in chosen]
    source = seeded_database()
    work = Path(tempfile.mkdtemp(prefix="aula-bench-bursts-"))
    if BEFORE:
        before = code_of(BEFORE, work)
        setups = [
            variant
            for setup in setups
            for variant in (
                replace(
                    setup,
                    name=f"{setup.name}@{BEFORE}",
                    label=f"{setup.label}, {BEFORE}",
                    root=before,
                ),
                setup,
            )
        ]
    try:
        database = work / "bench.sqlite3"
        shutil.copy(source, database)
        env = {**production_env(database, work / "media"), "REDIS_URL": REDIS_URL}
        redis.Redis.from_url(REDIS_URL).flushdb()
        _manage(env, "collectstatic", "--noinput", "-v0")
        prepared = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "bursts_prepare.py"),
                str(IDLE_CHECK_INS),
                str(BURST_CHECK_INS),
                str(len(setups) * len(PATTERNS) * ROUNDS),
                str(DASHBOARD_PEOPLE),
            ],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(prepared.stdout.strip().splitlines()[-1])
        days = data.pop("days")
        results = []
        for round_number in range(1, ROUNDS + 1):
            for setup in setups if round_number % 2 else reversed(setups):
                mine, days = days[: len(PATTERNS)], days[len(PATTERNS) :]
                results.append((round_number, setup, measure(setup, env, data, mine, work)))
        load = os.getloadavg()
        print(
            "Production settings, SQLite, Redis; load average "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) at the end\n"
        )
        print(
            "| round | server set-up | burst | requests | failures | idle median ms "
            "| burst p50 ms | burst p95 ms | p95 / idle (target ≤ 5×, no failure) |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for round_number, setup, result in sorted(
            results, key=lambda item: (setups.index(item[1]), item[0])
        ):
            lead = f"| {round_number} | {setup.label} |"
            for pattern, label in PATTERNS.items():
                print(
                    f"{lead} {BURST_CHECK_INS} check-ins, {label} | "
                    + cells(result["check-in idle"], result[f"check-in {pattern}"])
                    + " |"
                )
            if DASHBOARDS:
                for pattern, label in DASHBOARD_PATTERNS.items():
                    print(
                        f"{lead} {DASHBOARD_LOADS} dashboards, {label} | "
                        + cells(result["dashboard idle"], result[f"dashboard {pattern}"])
                        + " |"
                    )
        summarise(results, setups)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
