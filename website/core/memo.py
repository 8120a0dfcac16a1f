"""Facts read once per request: who the person is in the organisation, which pages are private.

``RequestMemoMiddleware`` opens a memo for each request; ``remember(key, compute)``
answers from it, or computes and keeps the answer until the response is made.
Outside a request (commands, tasks, tests calling a function directly) nothing is
kept: every call computes, so a change made in between is always seen.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("request_memo", default=None)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def recall(key: Hashable) -> object | None:
    """What this request already keeps under ``key`` (None when nothing, or outside a request):
    for a shortcut that is taken only when another part of the page has already read it."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
