"""Two issue runs at once still give one certificate per person (real threads on PostgreSQL)."""

import pytest

from certificates import services
from certificates.models import Certificate, IssueRun
from tests.courses.test_concurrency import in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def edition(closed_edition, participant, attend, template):
    edition = closed_edition(days=2)
    for _ in range(8):
        attend(participant(edition), edition, [5, 5])
    return edition


def test_two_bulk_issues_at_once_give_one_certificate_per_person(edition, training_manager):
    results = in_parallel(
        [
            lambda: services.certificates_issue_edition(
                edition=edition, by=training_manager, notify=False
            )
            for _ in range(3)
        ]
    )
    assert all(isinstance(result, tuple) for result in results), results
    assert sum(issued for issued, _skipped in results) == 8
    certificates = Certificate.objects.filter(edition=edition)
    assert certificates.count() == 8
    assert certificates.values("user").distinct().count() == 8


def test_a_single_issue_racing_a_bulk_run_gives_one(edition, training_manager):
    person = edition.enrolments.order_by("pk").first().user
    results = in_parallel(
        [
            lambda: services.certificates_issue_edition(
                edition=edition, by=training_manager, notify=False
            ),
            lambda: services.certificate_issue(
                edition=edition, user=person, by=training_manager, notify=False
            ),
        ]
    )
    assert Certificate.objects.filter(user=person).count() == 1, results
    assert Certificate.objects.filter(edition=edition).count() == 8


def test_starting_two_runs_at_once_makes_one(edition, training_manager):
    runs = in_parallel(
        [lambda: services.issue_run_start(edition=edition, by=training_manager) for _ in range(2)]
    )
    assert all(isinstance(run, IssueRun) for run in runs), runs
    assert runs[0].pk == runs[1].pk
    assert IssueRun.objects.count() == 1
    assert Certificate.objects.filter(edition=edition).count() == 8
