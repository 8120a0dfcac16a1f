"""The counters buffer: nothing lost and nothing counted twice, even when a flush dies half way.

These run on whichever buffer the settings give: files on the SQLite pass, Redis
on the PostgreSQL + Redis pass.
"""

import os
import signal
import threading

import pytest
from django.db import connections
from wagtail.models import Page

from website.analytics.counters import VIEWS
from website.analytics.models import PageViewDay
from website.core import counters
from website.core.models import CounterBatch

DAY = "2026-03-10"
applied: list[counters.Values] = []
RECORDED = counters.Kind("tests.recorded", merge=counters.MAX, apply=applied.append)


@pytest.fixture
def pages(db):
    return list(Page.objects.order_by("pk").values_list("pk", flat=True)[:2])


@pytest.fixture
def swap_views_apply():
    """Replace how page views are written, for one test."""

    def swap(apply):
        counters.Kind(VIEWS.name, VIEWS.merge, apply)

    yield swap
    counters.Kind(VIEWS.name, VIEWS.merge, VIEWS.apply)


def view(page_id, times=1, visitor="a" * 32):
    for _ in range(times):
        VIEWS.add(DAY, f"{page_id}.{visitor}.{visitor}")


def views_of(page_id):
    row = PageViewDay.objects.filter(page_id=page_id, day=DAY).first()
    return row.views if row else 0


def pending_batches():
    return counters._buffer().pending()


def test_values_merge_in_the_buffer_and_can_be_read_back_before_the_flush(db):
    applied.clear()
    RECORDED.add(1, "topic-7", 5)
    RECORDED.add(1, "topic-7", 3)  # MAX: the largest stays
    RECORDED.add(1, "topic-8", 2)
    RECORDED.add(2, "topic-7", 9)
    assert RECORDED.pending(1) == {"topic-7": 5, "topic-8": 2}
    assert RECORDED.pending(3) == {}
    assert counters.flush() == 1
    assert applied == [{("1", "topic-7"): 5, ("1", "topic-8"): 2, ("2", "topic-7"): 9}]
    assert RECORDED.pending(1) == {}
    assert counters.flush() == 0 and len(applied) == 1


def test_names_that_would_break_the_buffer_are_refused():
    for bad in ("a b", "a:b", "a/b", "", "../x"):
        with pytest.raises(ValueError):
            RECORDED.add(bad, "x")


def test_a_flush_failing_in_its_second_batch_loses_and_doubles_nothing(pages, swap_views_apply):
    first, second = pages
    view(first, 3)

    def always_fail(values):
        raise RuntimeError("the database went away")

    swap_views_apply(always_fail)
    with pytest.raises(RuntimeError):
        counters.flush()
    assert views_of(first) == 0 and len(pending_batches()) == 1

    view(second, 2)
    calls = []

    def fail_in_the_second_batch(values):
        calls.append(values)
        VIEWS.apply(values)  # the write happens, then the process fails inside its transaction
        if len(calls) == 2:
            raise RuntimeError("killed half way")

    swap_views_apply(fail_in_the_second_batch)
    with pytest.raises(RuntimeError):
        counters.flush()
    assert (views_of(first), views_of(second)) == (3, 0)
    assert len(pending_batches()) == 1

    swap_views_apply(VIEWS.apply)
    assert counters.flush() == 1
    assert (views_of(first), views_of(second)) == (3, 2)
    assert counters.flush() == 0 and pending_batches() == []
    assert (views_of(first), views_of(second)) == (3, 2)
    assert CounterBatch.objects.count() == 2


def test_a_flush_dying_after_its_commit_does_not_count_twice(pages, monkeypatch):
    first, _second = pages
    view(first, 4)
    buffer_class = type(counters._buffer())
    real_discard = buffer_class.discard

    def die(self, batch):
        raise RuntimeError("killed before the batch was discarded")

    monkeypatch.setattr(buffer_class, "discard", die)
    with pytest.raises(RuntimeError):
        counters.flush()
    assert views_of(first) == 4 and len(pending_batches()) == 1
    monkeypatch.setattr(buffer_class, "discard", real_discard)
    view(first, 1)
    assert counters.flush() == 1  # only the new batch is written; the old one is discarded
    assert views_of(first) == 5 and pending_batches() == []


def _in_a_child_process(work):
    """Run ``work`` in a forked process; return how it ended (os.waitpid's status)."""
    connections.close_all()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            work()
        finally:
            os._exit(3)
    _pid, status = os.waitpid(pid, 0)
    return status


def _kill_self():
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("moment", ["while writing", "after committing"])
def test_a_flushing_process_killed_half_way_loses_and_doubles_nothing(pages, moment):
    first, second = pages
    view(first, 3)
    view(second, 1, visitor="b" * 32)

    def flush_and_die():
        if moment == "while writing":

            def write_then_die(values):
                VIEWS.apply(values)
                _kill_self()

            counters.Kind(VIEWS.name, VIEWS.merge, write_then_die)
        else:
            type(counters._buffer()).discard = lambda self, batch: _kill_self()
        counters.flush()

    status = _in_a_child_process(flush_and_die)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    buffer = counters._buffer()
    if isinstance(buffer, counters._RedisBuffer):
        buffer.client.delete(buffer.lock_name)  # what its expiry, a minute later, does
    expected = (0, 0) if moment == "while writing" else (3, 1)
    assert (views_of(first), views_of(second)) == expected
    view(first, 2)
    counters.flush()
    assert (views_of(first), views_of(second)) == (5, 1)
    assert counters.flush() == 0 and (views_of(first), views_of(second)) == (5, 1)


def test_counts_made_while_flushing_are_never_lost(pages):
    first, _second = pages
    threads_count, per_thread = 4, 150

    def count():
        for _ in range(per_thread):
            view(first)

    threads = [threading.Thread(target=count) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        counters.flush()
    for thread in threads:
        thread.join()
    counters.flush()
    assert views_of(first) == threads_count * per_thread


def test_a_buffer_out_of_reach_loses_the_count_but_never_fails_the_read(db, client, monkeypatch):
    from tests.cms.factories import make_news

    class Unreachable:
        def add(self, *args):
            raise OSError("no space left on device")

        def clear(self):
            pass

    news = make_news()
    monkeypatch.setattr(counters, "_buffer", Unreachable)
    response = client.get(news.url, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    assert response.status_code == 200


def test_the_periodic_job_writes_the_counts_every_minute(pages):
    from datetime import timedelta

    from website.core.periodic import registered_jobs

    job = registered_jobs()["website.core.periodic.flush_counters"]
    assert job.every == timedelta(minutes=1)
    first, _second = pages
    view(first, 2)
    job.function()
    assert views_of(first) == 2
