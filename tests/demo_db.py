"""The demo data, seeded once per test session and copied in for each test that reads it.

``seed_demo`` takes 35–50 s; seeded again for every test that read it, it cost
about half an hour of CPU per run. A test that reads the demo asks for
``demo_db`` instead:

* Right after the migrations, each worker (xdist gives each its own database)
  keeps a snapshot of its database as the migrations left it.
* The first ``demo_db`` test of a worker seeds the demo once into that state,
  with its files in a media folder of the session, and keeps a snapshot of the
  result.
* Every ``demo_db`` test starts from the demo snapshot, with the demo's files
  as its MEDIA_ROOT, and may change what it likes; when it ends the database
  goes back to the migrated snapshot, the state every other test starts from,
  so no other test ever sees the demo.

A snapshot is an in-memory SQLite database filled and emptied with SQLite's
backup API, or on PostgreSQL a database made with ``CREATE DATABASE …
TEMPLATE``. Both copy whole databases, search indexes and sequences included,
in well under a second.

A ``demo_db`` test runs in a transaction rolled back at its end, as with
``db``, unless it asks for ``transactional_db`` or ``live_url`` (its commits
then land in the copy, which is dropped all the same). ``demo_db`` is set up
before every other fixture of its test (see ``pytest_collection_modifyitems``)
and such tests skip serialized rollback: the demo snapshot already holds the
migrated rows, and reloading them over the demo would undo the demo's changes
to them (page tree counts, forum counters).
"""

import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

MIGRATED = "migrated"
DEMO = "demo"


class Snapshots(Protocol):
    def take(self, label: str) -> None:
        """Copy the test database as it is now, under ``label``."""

    def restore(self, label: str) -> None:
        """Make the test database what it was when ``label`` was taken."""

    def discard(self) -> None:
        """Free every snapshot."""


class SqliteSnapshots:
    """In-memory copies of the test database's file, made and put back with the backup API."""

    def __init__(self) -> None:
        self._copies: dict[str, sqlite3.Connection] = {}

    def take(self, label: str) -> None:
        copy = self._copies.get(label) or sqlite3.connect(":memory:")
        self._database().backup(copy)
        self._copies[label] = copy

    def restore(self, label: str) -> None:
        self._copies[label].backup(self._database())

    def discard(self) -> None:
        for copy in self._copies.values():
            copy.close()
        self._copies.clear()

    @staticmethod
    def _database() -> sqlite3.Connection:
        connection.ensure_connection()
        return connection.connection


class PostgresSnapshots:
    """Databases beside the test database, copied from it and back with ``CREATE DATABASE … TEMPLATE``."""

    def __init__(self) -> None:
        self._database = connection.settings_dict["NAME"]
        self._names: dict[str, str] = {}

    def take(self, label: str) -> None:
        name = f"{self._database}_{label}"
        self._copy(source=self._database, target=name)
        self._names[label] = name

    def restore(self, label: str) -> None:
        self._copy(source=self._names[label], target=self._database)

    def discard(self) -> None:
        connection.close()
        with connection._nodb_cursor() as cursor:
            for name in self._names.values():
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._names.clear()

    def _copy(self, *, source: str, target: str) -> None:
        # A database with connections can be neither copied nor dropped: this
        # thread's is closed, and any left by the browser tests' server ended.
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname IN (%s, %s) AND pid <> pg_backend_pid()",
                [source, target],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


_SNAPSHOTS = pytest.StashKey[Snapshots]()


def _make_snapshots() -> Snapshots:
    if connection.vendor == "sqlite":
        return SqliteSnapshots()
    if connection.vendor == "postgresql":
        return PostgresSnapshots()
    raise NotImplementedError(f"No demo snapshots on {connection.vendor}")


def _wants_demo(item: pytest.Item) -> bool:
    return "demo_db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A demo test is a database test, whose database is the demo before its transaction starts."""
    for item in items:
        if not _wants_demo(item):
            continue
        item.fixturenames.remove("demo_db")
        item.fixturenames.insert(0, "demo_db")
        # Last, so that it outlasts the apps' own temporary MEDIA_ROOT.
        item.fixturenames.append("_demo_media_root")
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database and, if any test reads the demo, a snapshot of it as migrated."""
    if not any(_wants_demo(item) for item in request.session.items):
        yield
        return
    with django_db_blocker.unblock():
        snapshots = _make_snapshots()
        snapshots.take(MIGRATED)
    request.config.stash[_SNAPSHOTS] = snapshots
    yield
    with django_db_blocker.unblock():
        snapshots.discard()


@pytest.fixture(scope="session")
def _demo_media(django_db_setup, django_db_blocker, request, tmp_path_factory) -> Path:
    """Seed the demo once for this worker: its rows become the demo snapshot, its files stay here."""
    snapshots = request.config.stash[_SNAPSHOTS]
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        snapshots.restore(MIGRATED)
        call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
        snapshots.take(DEMO)
    return media


@pytest.fixture
def demo_db(_demo_media, django_db_blocker, request) -> Iterator[None]:
    """The whole demo (``make run``'s data and files) for this test, gone after it."""
    snapshots = request.config.stash[_SNAPSHOTS]
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "demo_db must come before the test's transaction"
        snapshots.restore(DEMO)
        try:
            yield
        finally:
            snapshots.restore(MIGRATED)
            # A transactional test's flush recreated the content types under new
            # ids, which this process cached and the restored rows do not have.
            ContentType.objects.clear_cache()


@pytest.fixture
def _demo_media_root(_demo_media) -> Iterator[None]:
    with override_settings(MEDIA_ROOT=_demo_media):
        yield
