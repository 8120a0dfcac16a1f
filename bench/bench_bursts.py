"""Bursts: 30 self check-ins in the same second, 300 dashboard loads in ten seconds.

The app runs as deployed (deploy/systemd/aula-web.service): uvicorn with four
workers, the production settings, Redis (database 13, emptied first) and a SQLite
copy of the demo at --scale 1. Locust (headless, bounded, loopback only) sends
each burst (bench/locust_bursts.py); the same requests made one at a time, before
the burst, give the idle latency. The target (issue 19): zero errors and a burst
p95 at most five times the idle median.
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
from pathlib import Path

import redis
import requests

from bench.bench_pages import _manage, free_port, production_env, seeded_database

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
IDLE_CHECK_INS = 10
BURST_CHECK_INS = 30
DASHBOARD_LOADS = 300
DASHBOARD_SECONDS = 10
REDIS_URL = "redis://127.0.0.1:6379/13"
TARGET = 5.0


def uvicorn(port: int, env, log) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "website.asgi:application",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("uvicorn did not start")


def current_code(base: str, data: dict) -> str:
    """The code the classroom's screen shows now (the teacher's view of it)."""
    answer = requests.get(
        base + data["code_path"],
        headers={"Cookie": f"{data['cookie_name']}={data['teacher']}"},
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()["code"]


def idle_check_ins(base: str, data: dict) -> list[float]:
    """Milliseconds of each check-in POST, one learner after another."""
    data["code"] = current_code(base, data)
    timings = []
    for session in data["idle"]:
        http = requests.Session()
        cookie = f"{data['cookie_name']}={session}"
        form = http.get(base + data["check_in_path"], headers={"Cookie": cookie}, timeout=60)
        csrf = "; ".join(f"{k}={v}" for k, v in form.cookies.items() if "csrf" in k)
        token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        start = time.perf_counter()
        answer = http.post(
            base + data["check_in_path"],
            data={"csrfmiddlewaretoken": token, "code": data["code"]},
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
    cookie = f"{data['cookie_name']}={data['dashboard'][0]}"
    for _ in range(repeat):
        start = time.perf_counter()
        answer = requests.get(base + "/la-mia-formazione/", headers={"Cookie": cookie}, timeout=60)
        timings.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"idle dashboard answered {answer.status_code}")
    return timings


def locust(
    base: str, scenario: str, data_file: Path, users: int, rate: float, seconds: int, work: Path
):
    prefix = work / scenario
    env = {
        **os.environ,
        "BURST_SCENARIO": scenario,
        "BURST_DATA": str(data_file),
        "BURST_AT": str(time.time() + 6),
    }
    subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locust_bursts.py"),
            "--headless",
            "--only-summary",
            "--loglevel=WARNING",
            f"--users={users}",
            f"--spawn-rate={rate}",
            f"--run-time={seconds}s",
            "--stop-timeout=0",
            f"--host={base}",
            f"--csv={prefix}",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_failures.csv") as failures:
        for failure in csv.DictReader(failures):
            print(f"  {scenario}: {failure['Occurrences']} × {failure['Error']}")
    with open(f"{prefix}_stats.csv") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def row(label: str, idle: list[float], burst: dict) -> str:
    idle_median = statistics.median(idle)
    p95 = float(burst["95%"])
    ratio = p95 / idle_median
    verdict = "met" if ratio <= TARGET and burst["Failure Count"] == "0" else "not met"
    return (
        f"| {label} | {burst['Request Count']} | {burst['Failure Count']} | "
        f"{idle_median:.0f} | {float(burst['50%']):.0f} | {p95:.0f} | {ratio:.1f}× | {verdict} |"
    )


def main():
    source = seeded_database()
    work = Path(tempfile.mkdtemp(prefix="aula-bench-bursts-"))
    try:
        database = work / "bench.sqlite3"
        shutil.copy(source, database)
        env = {**production_env(database, work / "media"), "REDIS_URL": REDIS_URL}
        env["AULA_WORKERS"] = str(WORKERS)
        redis.Redis.from_url(REDIS_URL).flushdb()
        _manage(env, "collectstatic", "--noinput", "-v0")
        prepared = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "bursts_prepare.py"),
                str(IDLE_CHECK_INS),
                str(BURST_CHECK_INS),
                str(DASHBOARD_LOADS),
            ],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(prepared.stdout.strip().splitlines()[-1])
        data_file = work / "data.json"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (work / "uvicorn.log").open("w")
        server = uvicorn(port, env, log)
        try:
            for _ in range(WORKERS * 2):  # warm every worker
                requests.get(base + "/la-mia-formazione/", timeout=60)
            check_in_idle = idle_check_ins(base, data)
            data["code"] = current_code(base, data)
            data_file.write_text(json.dumps(data))
            check_ins = locust(
                base, "checkin", data_file, BURST_CHECK_INS, BURST_CHECK_INS, 40, work
            )
            dashboard_idle = idle_dashboards(base, data)
            dashboards = locust(
                base,
                "dashboard",
                data_file,
                DASHBOARD_LOADS,
                DASHBOARD_LOADS / DASHBOARD_SECONDS,
                DASHBOARD_SECONDS + 50,
                work,
            )
        except Exception:
            log.flush()
            print((work / "uvicorn.log").read_text()[-4000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait()
        print(
            f"uvicorn, {WORKERS} workers, production settings, SQLite, Redis; "
            f"load average {os.getloadavg()[0]:.1f}\n"
        )
        print(
            "| burst | requests | failures | idle median ms | burst p50 ms | burst p95 ms "
            "| p95 / idle | target ≤ 5× and no failure |"
        )
        print("|---|---|---|---|---|---|---|---|")
        print(
            row(f"{BURST_CHECK_INS} check-ins in one second", check_in_idle, check_ins["check-in"])
        )
        print(
            row(
                f"{DASHBOARD_LOADS} dashboards in {DASHBOARD_SECONDS} s",
                dashboard_idle,
                dashboards["dashboard"],
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
