"""Django's SQLite backend, with a process's closed connections kept and lent out again.

Under uvicorn every HTTP request runs its synchronous code in a thread of its own
(Django's ``ASGIHandler`` gives each request its own ``ThreadSensitiveContext``), and
Django's connections belong to a thread, so every request opened a new SQLite
connection: registering Django's SQL functions, the pragmas, and parsing the whole
schema again on the first query. That cost as much as a whole self check-in.

With this backend a connection that Django closes at the end of a request, outside any
transaction, goes back to a per-process pool instead; the next connection, in whatever
thread, borrows it. Only one thread uses a connection at a time: it leaves the pool
when a thread connects and comes back when that thread closes it. Python's ``sqlite3``
allows this because Django always opens connections with ``check_same_thread=False``.

``OPTIONS["pool_size"]`` bounds the connections kept idle (8 unless set; production sets
it from ``DATABASE_POOL_MAX_SIZE``, 20 by default); connections closed beyond it, or
closed in the middle of a transaction, are closed for real.
"""

import os
import queue
import sqlite3
from typing import Any

from django.db.backends.sqlite3 import base
from django.utils.functional import cached_property

DEFAULT_POOL_SIZE = 8

_pools: dict[tuple[int, str], queue.LifoQueue] = {}


def _pool(name: str, size: int) -> queue.LifoQueue:
    # Keyed by process too: a pool must never cross a fork.
    key = (os.getpid(), name)
    pool = _pools.get(key)
    if pool is None:
        pool = _pools.setdefault(key, queue.LifoQueue(maxsize=size))
    return pool


def drop_pools() -> None:
    """Close every connection this process keeps (the tests start from an empty pool)."""
    for key, pool in list(_pools.items()):
        while True:
            try:
                pool.get_nowait().close()
            except queue.Empty:
                break
        _pools.pop(key, None)


class DatabaseWrapper(base.DatabaseWrapper):
    @cached_property
    def pool_size(self) -> int:
        return int(self.settings_dict["OPTIONS"].get("pool_size", DEFAULT_POOL_SIZE))

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.pop("pool_size", None)  # ours, not sqlite3.connect()'s
        return params

    def _connection_pool(self) -> queue.LifoQueue | None:
        # An in-memory database lives and dies with its connection: never pooled.
        if self.pool_size <= 0 or self.is_in_memory_db():
            return None
        return _pool(str(self.settings_dict["NAME"]), self.pool_size)

    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        pool = self._connection_pool()
        if pool is not None:
            try:
                return pool.get_nowait()
            except queue.Empty:
                pass
        return super().get_new_connection(conn_params)

    def _close(self) -> None:
        raw = self.connection
        pool = self._connection_pool() if raw is not None else None
        if pool is None or raw.in_transaction:
            super()._close()  # type: ignore[misc]  # private in the stubs, not in Django
            return
        try:
            pool.put_nowait(raw)
        except queue.Full:
            super()._close()  # type: ignore[misc]  # private in the stubs, not in Django
