from datetime import timedelta
from unittest import mock

from django.utils import timezone

from website.core import periodic
from website.core.models import PeriodicJobRun


def test_a_job_runs_when_due_and_not_again_before_its_interval(db):
    calls = []
    job = periodic.Job("tests.job", timedelta(hours=1), lambda: calls.append(1))
    with mock.patch.object(periodic, "registered_jobs", return_value={job.name: job}):
        now = timezone.now()
        assert periodic.run_due_jobs(now=now) == ["tests.job"]
        assert periodic.run_due_jobs(now=now + timedelta(minutes=59)) == []
        assert periodic.run_due_jobs(now=now + timedelta(minutes=61)) == ["tests.job"]
    assert calls == [1, 1]


def test_a_failing_job_is_retried_at_the_next_check(db):
    job = periodic.Job("tests.failing", timedelta(days=1), mock.Mock(side_effect=RuntimeError))
    with mock.patch.object(periodic, "registered_jobs", return_value={job.name: job}):
        assert periodic.run_due_jobs() == []
        assert PeriodicJobRun.objects.get(name="tests.failing").last_run_at is None
        assert periodic.run_due_jobs() == []
    assert job.function.call_count == 2
