"""Asserting that a read writes nothing to the database."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@contextmanager
def no_database_writes():
    """Fail if the block runs an INSERT, UPDATE or DELETE."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == [], writes
