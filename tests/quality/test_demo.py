"""The demo's quality story: two pilots closed with a plan and visits, a third in progress."""

from django.test.utils import CaptureQueriesContext  # noqa: F401

from demo import quality as demo_quality
from quality.models import (
    Action,
    Assessment,
    CoachingVisit,
    ConsensusEntry,
    IndividualEntry,
)
from website.cms.models import GoodPracticePage


def test_the_pilots_and_the_assessment_in_progress(demo_db):
    closed = list(Assessment.objects.filter(status="closed").order_by("centre__code"))
    assert [a.centre.code for a in closed] == ["CPI-PA01", "CPI-PA02"]
    assert {a.panel for a in closed} == {"classical", "fine_tuned"}
    for assessment in closed:
        assert assessment.members.count() == 8
        assert IndividualEntry.objects.filter(assessment=assessment).count() == 8 * 28
        assert ConsensusEntry.objects.filter(assessment=assessment).count() == 28
        actions = Action.objects.filter(plan__assessment=assessment)
        assert 6 <= actions.count() <= 8
        assert {a.status for a in actions} == {"planned", "in_progress", "done", "dropped"}
        visits = CoachingVisit.objects.filter(centre=assessment.centre).order_by("date")
        assert visits.count() == 6
        assert (visits.last().date - visits.first().date).days >= 75
    assert Assessment.objects.filter(status="individual", centre__code="CPI-PA03").exists()
    proposed = Action.objects.get(good_practice_page_id__isnull=False)
    assert proposed.plan.assessment.centre.code == "CPI-PA01" and proposed.status == "done"
    practice = GoodPracticePage.objects.get(pk=proposed.good_practice_page_id)
    assert not practice.live and practice.centre.code == "CPI-PA01"


def test_the_seed_runs_twice_without_duplicates(demo_db):
    counts = (Assessment.objects.count(), Action.objects.count(), CoachingVisit.objects.count())
    demo_quality.seed(scale=1, log=lambda message: None)
    assert (
        Assessment.objects.count(),
        Action.objects.count(),
        CoachingVisit.objects.count(),
    ) == counts
