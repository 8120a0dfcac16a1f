"""Django's Redis cache, made to degrade to a miss when Redis does not answer.

Everything the cache holds can be rebuilt: cached pages and fragments, menus, the
site identity, sessions (``cached_db`` reads them from the database on a miss),
rate-limit counts. So when Redis stops, a page should be slower, never an error:
a read becomes a miss, a write is dropped, ``add`` answers as if it had added (so a
lock built on it opens) and a counter starts again: rate limits let requests through
until Redis is back. Each failure is logged, at most once a
minute per process, and the site recovers by itself when Redis answers again (the
connection pool reconnects on the next call). Short socket timeouts, set in
settings, keep a Redis that hangs from holding requests. Every cache object of a process
shares one client and its connection pool (``_clients``).

What needs Redis to work at all says so elsewhere: ``/healthz`` answers 503, and
live updates fall back to reloading (see forums.live and notifications.services).
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

REPORT_EVERY_SECONDS = 60
_last_report = 0.0


def _report(operation: str) -> None:
    global _last_report
    now = time.monotonic()
    if now - _last_report >= REPORT_EVERY_SECONDS:
        _last_report = now
        logger.warning("Redis cache unavailable (%s): serving without it", operation, exc_info=True)


# One Redis client (so one connection pool) per process and configuration. Django makes a
# cache object per thread and per asyncio context, so under uvicorn every request made a
# new one, with a new pool and a new TCP connection to Redis; the pool is thread-safe and
# redis-py starts a new one itself in a forked child.
_clients: dict[tuple[Any, ...], Any] = {}


class ResilientRedisCache(RedisCache):
    # Set by Django's RedisCache (its stubs leave them out).
    _servers: list[str]
    _options: dict[str, Any]
    _class: type

    @cached_property
    def _cache(self) -> Any:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        client = _clients.get(key)
        if client is None:
            client = _clients.setdefault(key, self._class(self._servers, **self._options))
        return client

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            _report("get")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError:
            _report("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError:
            _report("has_key")
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            _report("set")

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            _report("add")
            return True  # as if added: a lock taken with add() (allauth's rate limits) opens

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            _report("set_many")
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            _report("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError:
            _report("delete")
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError:
            _report("delete_many")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError:
            _report("incr")
            return delta  # counted afresh: a rate limit lets the request through

    def count(self, key: Any, timeout: int, version: int | None = None) -> int:
        """Add one to the counter at ``key`` (made at 0, to last ``timeout`` seconds, when
        missing) and answer its new value: one round trip, where ``add`` then ``incr`` take
        three (``incr`` first asks whether the key exists)."""
        key = self.make_and_validate_key(key, version=version)
        try:
            pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
            pipeline.set(key, 0, ex=timeout, nx=True)
            pipeline.incr(key)
            return int(pipeline.execute()[1])
        except RedisError:
            _report("count")
            return 1  # counted afresh: a rate limit lets the request through

    def clear(self) -> None:
        try:
            super().clear()
        except RedisError:
            _report("clear")
