"""Rate limits whose check and count are one atomic step in the cache.

Checking a counter and increasing it after the work lets parallel requests
all pass the check before any of them counts (20 replies sent at once made
20 posts against a limit of 5 a minute). Here a request first takes a use
with the cache's atomic ``incr`` (Redis, local memory) and proceeds only if
its own number is within the limit; a use that is refused, or whose work
fails, is given back.

    slot = take_slot("forums.post", user.pk, ["5/m", "40/h"])
    if slot is None:
        ...  # too many

A view that has nothing to give back asks ``limit_reached(group, client_key(request), rates)``.
This is the project's only rate limiter: rates are written "count/period" ("5/m", "10/5m").
"""

import ipaddress
import re
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"(\d+)/(\d*)([smhd])")


@dataclass(frozen=True)
class Slot:
    """The counters one use was taken from, to give it back."""

    keys: tuple[str, ...]


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/m"`` → (5, 60); ``"10/5m"`` → (10, 300)."""
    match = _RATE.fullmatch(rate)
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def _increment(key: str, timeout: int) -> int:
    count = getattr(cache, "count", None)
    if count is not None:  # the Redis cache (website.core.cache): one round trip
        return count(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def take_slot(group: str, key: object, rates: Sequence[str]) -> Slot | None:
    """One use of every rate for ``key``, or None (and nothing taken) when one is used up."""
    now, taken = int(time.time()), []
    for rate in rates:
        limit, period = parse_rate(rate)
        cache_key = f"ratelimit:{group}:{key}:{rate}:{now // period}"
        count = _increment(cache_key, period + 5)
        taken.append(cache_key)
        if count > limit:
            release_slot(Slot(tuple(taken)))
            return None
    return Slot(tuple(taken))


def release_slot(slot: Slot) -> None:
    """Give back a use whose work was not done."""
    for cache_key in slot.keys:
        with suppress(ValueError):  # the window is over: nothing to give back
            cache.decr(cache_key)


def _client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        # One IPv6 client holds a whole /64: counting each address would let it rotate.
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def client_key(request: HttpRequest, *, per_person: bool = True) -> str:
    """Whom a use counts against: the signed-in person, else (or always) the client address."""
    if per_person and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{_client_address(request)}"


def limit_reached(group: str, key: str, rates: Sequence[str]) -> bool:
    """Count one use for ``key``; True (and nothing counted) once a rate is used up."""
    return take_slot(group, key, rates) is None
