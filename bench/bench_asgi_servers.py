"""uvicorn or daphne? Requests per second on the home page and /healthz, side by side.

Each server runs the same ASGI application (website.asgi) with the dev
settings on a throw-away SQLite database seeded with the demo data; a pool of
client threads sends the same requests to each, alternating rounds so that
the machine's drift hits both alike. Prints the median rate and the ratio.
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, wait_until_serving  # noqa: E402

REQUESTS = 400
CLIENTS = 8
ROUNDS = 3
PATHS = ["/", "/healthz"]


def start(server, port, env):
    if server == "uvicorn":
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "website.asgi:application",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--lifespan",
            "off",
            "--ws",
            "websockets-sansio",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "daphne",
            "-p",
            str(port),
            "-v",
            "0",
            "website.asgi:application",
        ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until_serving(port, process=process, timeout=30, name=server)
    return process


def hammer(port, path):
    def one(_):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    assert set(statuses) == {200}, set(statuses)
    return REQUESTS / elapsed


def main():
    workdir = tempfile.mkdtemp(prefix="aula-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    for step in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--quiet-logins"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    rates = {(server, path): [] for server in ("uvicorn", "daphne") for path in PATHS}
    for _ in range(ROUNDS):
        for server in ("uvicorn", "daphne"):
            port = free_port()
            process = start(server, port, env)
            try:
                for path in PATHS:
                    hammer(port, path)  # warm-up
                    rates[(server, path)].append(hammer(port, path))
            finally:
                process.terminate()
                process.wait()
    for path in PATHS:
        uvicorn_rate = statistics.median(rates[("uvicorn", path)])
        daphne_rate = statistics.median(rates[("daphne", path)])
        print(
            f"{path:10} uvicorn {uvicorn_rate:7.1f} req/s   daphne {daphne_rate:7.1f} req/s   "
            f"uvicorn/daphne {uvicorn_rate / daphne_rate:.2f}"
        )


if __name__ == "__main__":
    main()
