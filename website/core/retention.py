"""The one door through append-only tables: the retention job's deletions.

Registers, their history and certificates are kept for good while their retention period
runs; when it ends (an erased person's records, see ``website.privacy``) the job deletes
them inside ``retention_purge()``. On PostgreSQL it tells the tables' trigger so for the
current transaction only; elsewhere the models' own guard is bypassed by deleting through
the base manager, which the caller does.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def retention_purge() -> Iterator[None]:
    # A failure rolls the block back, and PostgreSQL undoes the setting with it.
    with transaction.atomic():
        _set("on")
        yield
        _set("off")


def _set(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('aula.retention_purge', %s, true)", [value])
