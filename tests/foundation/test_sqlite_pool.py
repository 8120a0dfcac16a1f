"""The SQLite backend that lends a process's connections from one request to the next."""

import sqlite3
import threading

import pytest
from django.db.utils import ConnectionHandler

from website.core.sqlite_pool.base import drop_pools


@pytest.fixture(autouse=True)
def empty_pools(django_db_blocker):
    # These databases are files of the test's own, not the test database.
    with django_db_blocker.unblock():
        drop_pools()
        yield
        drop_pools()


def database(path, **options) -> ConnectionHandler:
    """A connection handler of its own: each thread gets its own wrapper, as in Django."""
    return ConnectionHandler(
        {"default": {"ENGINE": "website.core.sqlite_pool", "NAME": str(path), "OPTIONS": options}}
    )


def in_thread(work):
    """Run work in a new thread, as uvicorn runs each request, and return its result."""
    results = []
    thread = threading.Thread(target=lambda: results.append(work()))
    thread.start()
    thread.join()
    return results[0]


def borrow_and_close(handler: ConnectionHandler):
    """One request's worth: connect, query, close; the raw connection it used."""
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    raw = connection.connection
    connection.close()
    return raw


def test_a_closed_connection_serves_the_next_thread(tmp_path):
    handler = database(tmp_path / "db.sqlite3")
    first = in_thread(lambda: borrow_and_close(handler))
    second = in_thread(lambda: borrow_and_close(handler))
    assert second is first
    # Django's set-up stays on the lent connection: its functions and pragmas.
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT django_format_dtdelta(%s, %s, %s)", ["+", "1", "2"])
    connection.close()


def test_a_lent_connection_sees_what_others_wrote(tmp_path):
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE note (text TEXT)")
    handler = database(path)
    in_thread(lambda: borrow_and_close(handler))
    with sqlite3.connect(path) as other:
        other.execute("INSERT INTO note VALUES ('scritto da un altro processo')")

    def read():
        connection = handler["default"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM note")
            rows = cursor.fetchall()
        connection.close()
        return rows

    assert in_thread(read) == [("scritto da un altro processo",)]


def test_a_connection_closed_in_a_transaction_is_not_kept(tmp_path):
    handler = database(tmp_path / "db.sqlite3")

    def close_inside_a_transaction():
        connection = handler["default"]
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("CREATE TABLE half (id INTEGER)")
        raw = connection.connection
        connection.close()
        return raw

    abandoned = in_thread(close_inside_a_transaction)
    lent = in_thread(lambda: borrow_and_close(handler))
    assert lent is not abandoned
    with pytest.raises(sqlite3.ProgrammingError):
        abandoned.execute("SELECT 1")  # closed for real, its work rolled back
    with sqlite3.connect(tmp_path / "db.sqlite3") as check:
        assert check.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []


def test_the_pool_keeps_at_most_its_size(tmp_path):
    handler = database(tmp_path / "db.sqlite3", pool_size=2)
    opened, release = [], threading.Barrier(4)

    def hold_then_close():
        connection = handler["default"]
        connection.ensure_connection()
        opened.append(connection.connection)
        release.wait()  # all three connected at once, as in a burst
        connection.close()

    threads = [threading.Thread(target=hold_then_close) for _ in range(3)]
    for thread in threads:
        thread.start()
    release.wait()
    for thread in threads:
        thread.join()

    closed = []
    for raw in opened:
        try:
            raw.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            closed.append(raw)
    assert len(closed) == 1
    kept = {id(raw) for raw in opened} - {id(raw) for raw in closed}
    assert {id(in_thread(lambda: borrow_and_close(handler))) for _ in range(2)} <= kept


def test_a_pool_of_size_zero_keeps_nothing(tmp_path):
    handler = database(tmp_path / "db.sqlite3", pool_size=0)
    first = in_thread(lambda: borrow_and_close(handler))
    assert in_thread(lambda: borrow_and_close(handler)) is not first
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")


def test_pool_size_is_not_passed_to_sqlite(tmp_path):
    connection = database(tmp_path / "db.sqlite3", pool_size=3)["default"]
    assert "pool_size" not in connection.get_connection_params()
    assert connection.pool_size == 3
