"""Real-browser tests: an ASGI server (HTTP and websockets) in a thread, Chromium via Playwright.

The server runs in this process against the test database, so tests can
prepare data with the ORM and read the outbox of sent emails. Where no
Chromium is installed the tests are skipped with the reason, except when
AULA_REQUIRE_BROWSER is set (CI), where a missing browser is an error.
"""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AsgiServer:
    """Uvicorn serving website.asgi in a background thread."""

    def __init__(self):
        import uvicorn

        from website.asgi import application

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=self.port,
            lifespan="off",
            log_level="warning",
            ws="websockets-sansio",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("The test ASGI server did not start")
            time.sleep(0.05)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def _stray_connections_ended(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions Django cannot close itself.

    While Playwright's event loop runs in the main thread, asgiref treats the thread as an
    async one and Django's connections there belong to the context, not the thread: the
    tests' connection is a new object that the test database's teardown never sees, and
    on PostgreSQL its open session made dropping the database fail ("is being accessed by
    other users"). Set up before the browser and the server, so torn down after both.
    """
    from django.db import connection

    test_database = connection.settings_dict["NAME"]
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            _end_sessions_of(test_database)


def _end_sessions_of(database: str) -> None:
    from django.db import connection

    sessions = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    # From the server's maintenance database: no session of ours on the one to drop.
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) {sessions}", [database])
        deadline = time.monotonic() + 5  # a terminated session takes a moment to go
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(*) {sessions}", [database])
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)


@pytest.fixture(scope="session")
def asgi_server(_stray_connections_ended, django_db_blocker):
    with django_db_blocker.unblock():
        server = AsgiServer()
        server.start()
    yield server
    server.stop()


@pytest.fixture
def live_url(asgi_server, transactional_db):
    """The base URL of a server that sees this test's data (committed, not in a rolled-back transaction)."""
    return asgi_server.url


@pytest.fixture(scope="session")
def browser(_stray_connections_ended, _reattach_serialized_db_contents):
    # The snapshot is attached before Playwright's event loop starts: afterwards
    # the test's connection objects are new ones, which do not carry it, and a
    # browser test that reads the demo (whose tests take no serialized
    # rollback) may be the first of its worker.
    path = _chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("AULA_REQUIRE_BROWSER"):
            pytest.fail(message + "; AULA_REQUIRE_BROWSER is set, so browser tests may not skip")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM
    # calls the tests make between browser steps are still plain synchronous
    # code, so Django's async-safety check is lifted while the browser runs
    # (browser tests run after all the others: see tests/conftest.py).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Every frame of every page reports the Content-Security-Policy violations it meets on the
# console, where the fixture below collects them (Chromium logs its own "Refused to …"
# message too); a journey fails at teardown if any was reported.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
        + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""
CSP_MARKERS = ("CSP violation:", "Content Security Policy")


@pytest.fixture
def new_page(browser, live_url):
    """new_page() → a Playwright page in a fresh context (its own cookies)."""
    contexts = []
    violations: list[str] = []

    def record(page, message):
        if any(marker in message.text for marker in CSP_MARKERS):
            violations.append(f"{page.url}: {message.text}")

    def make(*, width=1280, height=900):
        context = browser.new_context(
            base_url=live_url, viewport={"width": width, "height": height}, locale="it-IT"
        )
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        page.javascript_errors = []
        page.csp_violations = violations
        page.on("pageerror", lambda error: page.javascript_errors.append(str(error)))
        page.on("console", lambda message: record(page, message))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(
        dict.fromkeys(violations)
    )


@pytest.fixture
def page(new_page):
    return new_page()
