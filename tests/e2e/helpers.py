"""Helpers for browser tests (fixtures live in conftest.py)."""

import re
import threading
from pathlib import Path

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"


def assert_accessible(page, *, context=None):
    """Run axe-core in the page and fail with a readable list of violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an inline <script> would be refused by
        # the Content-Security-Policy the journeys run under.
        page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "async (context) => await axe.run(context || document, {resultTypes: ['violations']})",
        context,
    )
    violations = result["violations"]
    if violations:
        lines = []
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            )
        raise AssertionError(f"axe-core found violations on {page.url}:\n" + "\n".join(lines))


def login(page, email, password):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main form").get_by_role("button", name="Accedi").click()
    page.wait_for_load_state()


def last_email_link(mailoutbox, marker):
    """The first link containing ``marker`` in the most recent email."""
    body = mailoutbox[-1].body
    match = re.search(r"https?://\S*" + re.escape(marker) + r"\S*", body)
    assert match, f"No link with {marker!r} in: {body}"
    return match.group(0)


def in_thread(function, *args, **kwargs):
    """Run ``function`` in a fresh thread and return its result.

    Inside browser tests Playwright's event loop runs in the main thread, so
    code that calls async_to_sync (a service that pushes a websocket event,
    say) must run elsewhere.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error
        finally:
            # The thread's own connection would keep PostgreSQL from dropping the test database.
            from django.db import connections

            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
