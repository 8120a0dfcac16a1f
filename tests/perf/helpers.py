"""Query-count helpers: a list or detail page must not make more queries as data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, *, expected_status=200):
    """The number of SQL queries the page at ``url`` makes, and the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return len(captured.captured_queries), response


def assert_same_queries(client, url, grow, *, expected_status=200):
    """Count the queries, call ``grow()`` to add data, count again: equal or fail.

    The first request warms per-process caches (Wagtail site roots, settings)
    so that both counted requests start from the same state.
    """
    client.get(url)
    before, _ = queries_for(client, url, expected_status=expected_status)
    grow()
    client.get(url)
    after, response = queries_for(client, url, expected_status=expected_status)
    assert before == after, f"{url}: {before} queries before growing the data, {after} after"
    return after, response
