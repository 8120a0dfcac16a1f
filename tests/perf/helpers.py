"""Query-count helpers: a page must not make more queries as data grows, nor more than its ceiling.

Issue 19's target is at most ``PAGE_CEILING`` queries on any page, the same with a
little data and with a lot: ``assert_same_queries(..., at_most=...)`` checks both.
``reads_at_most`` counts only the reads, for the pages whose visit counter still
writes on a read (another part of issue 19 removes those writes).
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.writes import WRITES

PAGE_CEILING = 10

# A page above PAGE_CEILING would be listed here, by address, pinned at its real count (the
# highest the tests see), until its own change brings it down; none is today. Every page
# counted here is held to PAGE_CEILING unless its test says otherwise.
ABOVE_CEILING: dict[str, int] = {}
_DEFAULT = object()


def ceiling_for(url: str) -> int:
    path = url.split("?", 1)[0]
    for pattern, count in ABOVE_CEILING.items():
        if re.match(pattern, path):
            return count
    return PAGE_CEILING


_WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK")


def _counted(client, url, expected_status):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return captured.captured_queries, response


def queries_for(client, url, *, expected_status=200):
    """The number of SQL queries the page at ``url`` makes, and the response."""
    captured, response = _counted(client, url, expected_status)
    return len(captured), response


def _listing(captured) -> str:
    """The queries, one a line, shortened: what a failed ceiling shows."""
    return "\n".join(f"{n}. {query['sql'][:300]}" for n, query in enumerate(captured, 1))


def _reads(captured) -> int:
    return sum(1 for query in captured if not query["sql"].lstrip().upper().startswith(_WRITES))


def assert_same_queries(
    client,
    url,
    grow,
    *,
    expected_status=200,
    at_most=_DEFAULT,
    reads_at_most=None,
    writes_nothing=False,
):
    """Count the queries, call ``grow()`` to add data, count again: equal or fail.

    The first request warms per-process caches (Wagtail site roots, settings)
    so that both counted requests start from the same state. ``at_most`` (every
    query, ``PAGE_CEILING`` unless ``ABOVE_CEILING`` or the test pins a page's higher real
    count) and
    ``reads_at_most`` (reads only) are ceilings checked at both sizes; ``writes_nothing``
    also fails if either counted request wrote to the database (tests/writes.py).
    """
    if at_most is _DEFAULT:
        at_most = ceiling_for(url)
    client.get(url)
    captured_before, _ = _counted(client, url, expected_status)
    grow()
    client.get(url)
    captured_after, response = _counted(client, url, expected_status)
    if writes_nothing:
        for captured in (captured_before, captured_after):
            writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]
            assert writes == [], f"{url} wrote on a read: {writes}"
    before, after = len(captured_before), len(captured_after)
    assert before == after, f"{url}: {before} queries before growing the data, {after} after"
    if at_most is not None:
        assert after <= at_most, (
            f"{url}: {after} queries, more than its ceiling of {at_most}:\n"
            + _listing(captured_after)
        )
    if reads_at_most is not None:
        reads = _reads(captured_after)
        assert reads <= reads_at_most, (
            f"{url}: {reads} reads, more than its ceiling of {reads_at_most}"
        )
    return after, response
