"""Production's PostgreSQL pool, end to end: a process's connections are borrowed and given
back, not opened per request (collected on PostgreSQL only, see conftest.py)."""

import os

from tests.foundation.test_settings_contract import SETUP, production_settings, run_python

BORROW_FIVE_TIMES = SETUP + (
    "from django.db import connection; pids = set(); "
    "exec('for _ in range(5):\\n"
    "    connection.ensure_connection()\\n"
    "    pids.add(connection.connection.info.backend_pid)\\n"
    "    connection.close()'); "
    "print(type(getattr(connection, 'pool', None)).__name__, len(pids))"
)


def run(**overrides):
    database = os.environ["DATABASE_URL"]
    result = run_python(
        BORROW_FIVE_TIMES, **production_settings(DATABASE_URL=database, **overrides)
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-2:]


def test_five_requests_in_a_row_borrow_from_the_pool():
    """Closing at a request's end gives the connection back: five requests use a pool of one
    connection. (A larger pool may open another while one is on its way back, so only a pool
    that cannot grow gives an exact count.)"""
    kind, connections = run(DATABASE_POOL_MIN_SIZE="1", DATABASE_POOL_MAX_SIZE="1")
    assert kind == "ConnectionPool"
    assert int(connections) == 1


def test_without_the_pool_each_request_opens_its_own_connection():
    kind, connections = run(DATABASE_POOL="false")
    assert kind == "NoneType"
    assert int(connections) == 5
