"""The database stops and comes back: the running site says so, then recovers without a restart.

An app server (uvicorn, in its own process) reaches this worker's PostgreSQL test
database through a TCP relay the test controls, with persistent connections
(``CONN_MAX_AGE``) as in production. Stopping the relay cuts the open
connections and refuses new ones, which is what the app sees when PostgreSQL
stops or its host becomes unreachable; starting it again is the database
coming back.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(600)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """Copies bytes between a local port and the database server until stopped."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = _free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones."""
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by stop()
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(db):
    config = connections["default"].settings_dict
    relay = Relay((config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432)))
    relay.start()
    yield relay
    relay.stop()


@pytest.fixture
def app_server(relay, tmp_path):
    config = connections["default"].settings_dict
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (database,) = cursor.fetchone()
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.test",
        DATABASE_URL=f"postgres://{config['USER']}@127.0.0.1:{relay.port}/{database}",
        CONN_MAX_AGE="60",
    )
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "website.asgi:application",
            "--host=127.0.0.1",
            f"--port={port}",
            "--lifespan=off",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            try:
                if requests.get(f"{url}/healthz", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the app server did not start"
            time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_the_site_says_the_database_is_down_and_recovers_without_a_restart(relay, app_server):
    url, process = app_server
    assert requests.get(f"{url}/mappa-del-sito/", timeout=30).status_code == 200

    relay.stop()
    page = requests.get(f"{url}/mappa-del-sito/", timeout=30)
    health = requests.get(f"{url}/healthz", timeout=30)

    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert "Servizio momentaneamente non disponibile" in page.text
    assert health.status_code == 503 and health.json()["database"] == "error"

    relay.start()
    assert requests.get(f"{url}/mappa-del-sito/", timeout=30).status_code == 200
    health = requests.get(f"{url}/healthz", timeout=30)
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert process.poll() is None  # the same process: no restart was needed
