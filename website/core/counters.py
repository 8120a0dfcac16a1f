"""Counts gathered on reads and written to the database by the periodic job, never by the read.

A page view, a download or a read mark must not cost a database write on the
request that causes it. An app declares each kind of count once, in its
``counters.py``::

    VIEWS = counters.Kind("analytics.views", merge=counters.SUM, apply=write_views)

and the read calls ``VIEWS.add(group, field)`` (``merge=MAX`` keeps the largest
value given instead of adding). Values are buffered per kind and *group* (a
day, a month, a person), so that ``Kind.pending(group)`` can read back what a
person has not yet seen written (their own read marks, for instance).

Where the buffer lives
    In Redis when the cache is Redis (``REDIS_URL``): every process and every
    app server share it. Otherwise in files under ``COUNTERS_DIR``, which
    every process of the machine shares: local memory would not do, because
    ``manage.py serve`` runs the web server and the periodic jobs in separate
    processes, and a count kept in a process's memory dies with it.

How ``flush()`` moves counts into the database (every minute, from
``website/core/periodic.py``; one flusher at a time, under a lock)
    1. *Seal*: every live buffer is moved, atomically, into a new batch with
       its own id (Redis: one Lua script renames the hashes; files: rename(2)
       of each file into the batch's directory). Counts made meanwhile start
       new live buffers.
    2. For each pending batch, oldest first, one transaction inserts the
       batch's id into ``CounterBatch`` and applies each kind's values.
    3. The batch is discarded.

A process killed at any point loses nothing and counts nothing twice: killed
during 1, the buffers not yet moved stay live and the moved ones form a
pending batch; during 2, the transaction rolls back and the batch stays
pending for the next flush; between 2 and 3, the batch's id is already in
``CounterBatch``, so the next flush discards it without applying it again.

A kind's ``apply`` must skip values whose object has gone (a deleted page)
instead of failing, or its batch would be retried forever; a batch whose
kind is unknown is left pending (and logged) rather than dropped.
"""

import contextlib
import fcntl
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SUM = "sum"
MAX = "max"
# How long a batch's id is remembered once applied: far longer than a batch can stay pending.
LEDGER_DAYS = 30

Values = dict[tuple[str, str], int]
"""(group, field) → value, as a kind's ``apply`` receives them."""

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_kinds: dict[str, "Kind"] = {}


def _checked(part: object) -> str:
    text = str(part)
    if not _NAME.match(text):
        raise ValueError(f"Counter names are letters, digits, '.', '_' and '-': {text!r}")
    return text


@dataclass(frozen=True)
class Kind:
    """One kind of count: how values merge and how a batch of them is written."""

    name: str
    merge: str
    apply: Callable[[Values], None]

    def __post_init__(self):
        if self.merge not in (SUM, MAX):
            raise ValueError(self.merge)
        _kinds[_checked(self.name)] = self

    def add(self, group: object, field: object, value: int = 1) -> None:
        """Count ``value`` (SUM) or keep it if it is the largest so far (MAX). No database.

        A buffer that cannot be reached loses this one value and never fails the read.
        """
        group, field = _checked(group), _checked(field)
        try:
            _buffer().add(self, group, field, int(value))
        except (OSError, RedisError):
            logger.exception("Could not count %s %s %s", self.name, group, field)

    def pending(self, group: object) -> dict[str, int]:
        """The values of ``group`` not yet written to the database, by field.

        A buffer that cannot be reached has nothing pending to show: the read goes on with
        what the database holds.
        """
        merged: dict[str, int] = {}
        try:
            peeked = list(_buffer().peek(self.name, _checked(group)))
        except (OSError, RedisError):
            logger.warning("Could not read pending %s of %s", self.name, group, exc_info=True)
            return merged
        for field, value in peeked:
            merged[field] = _merge(self.merge, merged.get(field), value)
        return merged


def _merge(merge: str, current: int | None, value: int) -> int:
    if current is None:
        return value
    return current + value if merge == SUM else max(current, value)


class _Buffer(Protocol):
    def add(self, kind: Kind, group: str, field: str, value: int) -> None: ...
    def peek(self, kind: str, group: str) -> Iterable[tuple[str, int]]: ...
    def lock(self) -> contextlib.AbstractContextManager[object]: ...
    def seal(self, batch: str) -> None: ...
    def pending(self) -> list[str]: ...
    def read(self, batch: str) -> Iterable[tuple[str, str, str, int]]: ...
    def discard(self, batch: str) -> None: ...
    def set_flushed_at(self, when: datetime) -> None: ...
    def flushed_at(self) -> datetime | None: ...
    def clear(self) -> None: ...


class _RedisBuffer:
    """Live values in one hash per kind and group; a set lists the live hashes."""

    _ADD_SUM = """
        redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
        redis.call('SADD', KEYS[2], KEYS[1])
    """
    _ADD_MAX = """
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
        if not current or current < tonumber(ARGV[2]) then
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        end
        redis.call('SADD', KEYS[2], KEYS[1])
    """
    # KEYS: live set, the batch's set, pending set; ARGV: batch prefix, batch id, live prefix.
    _SEAL = """
        local names = redis.call('SMEMBERS', KEYS[1])
        if #names == 0 then return 0 end
        for _, name in ipairs(names) do
            if redis.call('EXISTS', name) == 1 then
                local moved = ARGV[1] .. string.sub(name, string.len(ARGV[3]) + 1)
                redis.call('RENAME', name, moved)
                redis.call('SADD', KEYS[2], moved)
            end
        end
        redis.call('DEL', KEYS[1])
        redis.call('SADD', KEYS[3], ARGV[2])
        return #names
    """

    def __init__(self, backend: RedisCache):
        self.client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]
        self.base = backend.make_key("counters")
        self.live_set = f"{self.base}:live"
        self.live_prefix = f"{self.base}:live:"
        self.pending_set = f"{self.base}:pending"
        self.lock_name = f"{self.base}:flushing"
        self.scripts = {
            SUM: self.client.register_script(self._ADD_SUM),
            MAX: self.client.register_script(self._ADD_MAX),
            "seal": self.client.register_script(self._SEAL),
        }

    def _batch_prefix(self, batch: str) -> str:
        return f"{self.base}:batch:{batch}:"

    def add(self, kind: Kind, group: str, field: str, value: int) -> None:
        name = f"{self.live_prefix}{kind.name}:{group}"
        self.scripts[kind.merge](keys=[name, self.live_set], args=[field, value])

    def peek(self, kind: str, group: str) -> Iterable[tuple[str, int]]:
        suffix = f"{kind}:{group}"
        batches = sorted(b.decode() for b in self.client.smembers(self.pending_set))
        pipe = self.client.pipeline(transaction=False)
        pipe.hgetall(self.live_prefix + suffix)
        for batch in batches:
            pipe.hgetall(self._batch_prefix(batch) + suffix)
        for values in pipe.execute():
            for field, value in values.items():
                yield field.decode(), int(value)

    def lock(self) -> contextlib.AbstractContextManager[object]:
        # Only one flusher at a time saves work, but correctness does not depend on it (sealing
        # is atomic, and a batch applied twice at once fails on CounterBatch's key); the lock
        # of a flusher that was killed expires after a minute.
        return self.client.lock(self.lock_name, timeout=60, blocking_timeout=90)

    def seal(self, batch: str) -> None:
        self.scripts["seal"](
            keys=[self.live_set, self._batch_prefix(batch).rstrip(":"), self.pending_set],
            args=[self._batch_prefix(batch), batch, self.live_prefix],
        )

    def pending(self) -> list[str]:
        return sorted(b.decode() for b in self.client.smembers(self.pending_set))

    def read(self, batch: str) -> Iterable[tuple[str, str, str, int]]:
        prefix = self._batch_prefix(batch)
        names = sorted(n.decode() for n in self.client.smembers(prefix.rstrip(":")))
        pipe = self.client.pipeline(transaction=False)
        for name in names:
            pipe.hgetall(name)
        for name, values in zip(names, pipe.execute(), strict=True):
            kind, group = name.removeprefix(prefix).rsplit(":", 1)
            for field, value in values.items():
                yield kind, group, field.decode(), int(value)

    def discard(self, batch: str) -> None:
        batch_set = self._batch_prefix(batch).rstrip(":")
        names = list(self.client.smembers(batch_set))
        pipe = self.client.pipeline(transaction=True)
        if names:
            pipe.delete(*names)
        pipe.delete(batch_set)
        pipe.srem(self.pending_set, batch)
        pipe.execute()

    def set_flushed_at(self, when: datetime) -> None:
        self.client.set(f"{self.base}:flushed-at", when.isoformat())

    def flushed_at(self) -> datetime | None:
        value = self.client.get(f"{self.base}:flushed-at")
        return datetime.fromisoformat(value.decode()) if value else None

    def clear(self) -> None:
        keys = list(self.client.scan_iter(match=f"{self.base}:*"))
        if keys:
            self.client.delete(*keys)


class _FileBuffer:
    """Live values appended as lines to one file per kind and group, ``live/<kind>/<group>``.

    A writer opens the file, takes a shared lock and checks that its open file
    is still the one at the live path before appending; the flusher renames
    the file into its batch, then takes an exclusive lock before reading it.
    So a writer that opened the file before the rename has either finished
    (the exclusive lock waited for it) or sees that the path has moved and
    writes to a new live file instead.
    """

    def __init__(self, root: Path):
        self.root = root
        self.live = root / "live"
        self.batches = root / "batches"

    def add(self, kind: Kind, group: str, field: str, value: int) -> None:
        path = self.live / kind.name / group
        line = f"{field} {value}\n".encode()
        while True:
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_SH)
                try:
                    still_live = os.fstat(descriptor).st_ino == os.stat(path).st_ino
                except FileNotFoundError:
                    still_live = False
                if still_live:
                    os.write(descriptor, line)
                    return
            finally:
                os.close(descriptor)

    @staticmethod
    def _lines(path: Path) -> Iterator[tuple[str, int]]:
        try:
            text = path.read_text()
        except FileNotFoundError:
            return
        for line in text.splitlines(keepends=True):
            if line.endswith("\n"):  # a line being written is read next time
                field, value = line.split()
                yield field, int(value)

    def peek(self, kind: str, group: str) -> Iterable[tuple[str, int]]:
        yield from self._lines(self.live / kind / group)
        for batch in self.pending():
            yield from self._lines(self.batches / batch / kind / group)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "flush.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def seal(self, batch: str) -> None:
        for path in sorted(self.live.glob("*/*")):
            target = self.batches / batch / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, target)

    def pending(self) -> list[str]:
        try:
            return sorted(entry.name for entry in self.batches.iterdir() if entry.is_dir())
        except FileNotFoundError:
            return []

    def read(self, batch: str) -> Iterable[tuple[str, str, str, int]]:
        for path in sorted((self.batches / batch).glob("*/*")):
            with open(path, "rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)  # writers that had it open have finished
                fcntl.flock(handle, fcntl.LOCK_UN)
            for field, value in self._lines(path):
                yield path.parent.name, path.name, field, value

    def discard(self, batch: str) -> None:
        shutil.rmtree(self.batches / batch, ignore_errors=True)

    def set_flushed_at(self, when: datetime) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f"flushed-at.{uuid.uuid4().hex}"
        temporary.write_text(when.isoformat())
        os.replace(temporary, self.root / "flushed-at")

    def flushed_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat((self.root / "flushed-at").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _buffer() -> _Buffer:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _RedisBuffer(backend)
    return _FileBuffer(Path(settings.COUNTERS_DIR))


def _new_batch_id() -> str:
    # Sorts by time, so pending batches are applied oldest first.
    return f"{timezone.now():%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:12]}"


def _apply(batch: str, entries: Iterable[tuple[str, str, str, int]]) -> None:
    from .models import CounterBatch

    by_kind: dict[str, Values] = {}
    for kind_name, group, field, value in entries:
        kind = _kinds.get(kind_name)
        if kind is None:
            raise LookupError(f"Counter kind {kind_name!r} is not declared in any counters.py")
        values = by_kind.setdefault(kind_name, {})
        values[group, field] = _merge(kind.merge, values.get((group, field)), value)
    with transaction.atomic():
        CounterBatch.objects.create(id=batch)
        for kind_name, values in sorted(by_kind.items()):
            _kinds[kind_name].apply(values)


def flush() -> int:
    """Write every buffered count to the database; return the number of batches applied."""
    from .models import CounterBatch

    autodiscover_modules("counters")
    buffer = _buffer()
    applied = 0
    with buffer.lock():
        buffer.seal(_new_batch_id())
        for batch in buffer.pending():
            if not CounterBatch.objects.filter(id=batch).exists():
                _apply(batch, buffer.read(batch))
                applied += 1
            buffer.discard(batch)
        CounterBatch.objects.filter(
            applied_at__lt=timezone.now() - timedelta(days=LEDGER_DAYS)
        ).delete()
        buffer.set_flushed_at(timezone.now())
    return applied


def flushed_at() -> datetime | None:
    """When the counts were last written to the database (None: never yet, or unknown)."""
    try:
        return _buffer().flushed_at()
    except (OSError, RedisError):
        logger.warning("Could not read when the counts were last written", exc_info=True)
        return None


def clear() -> None:
    """Forget every buffered count (for tests)."""
    _buffer().clear()
