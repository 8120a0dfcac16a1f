"""The CAF panels compute scores as the guidance defines; wrong or partial scores are refused."""

from decimal import Decimal

import pytest

from quality import scoring
from quality.models import Criterion, Panel
from website.core.exceptions import Refused


def test_the_model_has_nine_criteria_and_twenty_eight_subcriteria(db):
    criteria = list(Criterion.objects.filter(model__code="caf2020").prefetch_related("subcriteria"))
    assert [c.number for c in criteria] == list(range(1, 10))
    assert [c.kind for c in criteria] == ["enabler"] * 5 + ["result"] * 4
    assert sum(len(c.subcriteria.all()) for c in criteria) == 28
    assert all(s.guidance_it and s.guidance_en for c in criteria for s in c.subcriteria.all())


def test_classical_is_the_score_itself():
    assert scoring.sub_value(Panel.CLASSICAL, is_enabler=True, scores={"score": 65}) == 65


def test_fine_tuned_enabler_is_the_mean_of_the_four_phases():
    scores = {"phase_plan": 70, "phase_do": 55, "phase_check": 40, "phase_act": 20}
    assert scoring.sub_value(Panel.FINE_TUNED, is_enabler=True, scores=scores) == Decimal("46.3")


def test_fine_tuned_result_is_the_mean_of_trends_and_targets():
    scores = {"trends": 60, "targets": 35}
    assert scoring.sub_value(Panel.FINE_TUNED, is_enabler=False, scores=scores) == Decimal("47.5")


@pytest.mark.parametrize(
    "panel,is_enabler,scores,message",
    [
        (Panel.FINE_TUNED, True, {"phase_plan": 70, "phase_do": 50}, "incompleto"),
        (Panel.FINE_TUNED, False, {"trends": 60}, "incompleto"),
        (Panel.CLASSICAL, True, {"score": 101}, "da 0 a 100"),
        (Panel.CLASSICAL, True, {"score": 50, "phase_plan": 20}, "griglia"),
        (Panel.FINE_TUNED, False, {"trends": 60, "targets": 40, "score": 50}, "griglia"),
    ],
)
def test_wrong_or_partial_scores_are_refused(panel, is_enabler, scores, message):
    with pytest.raises(Refused) as refusal:
        scoring.sub_value(panel, is_enabler=is_enabler, scores=scores)
    assert message in refusal.value.message


@pytest.mark.parametrize("raw", ["-1", "abc", "50.5", "1000"])
def test_scores_are_whole_numbers_from_0_to_100(raw):
    with pytest.raises(Refused):
        scoring.parse_score(raw, "Punteggio")


def test_a_required_score_cannot_be_blank():
    with pytest.raises(Refused):
        scoring.sub_value(Panel.CLASSICAL, is_enabler=True, scores={}, required=True)
    assert scoring.sub_value(Panel.CLASSICAL, is_enabler=True, scores={}) is None


def test_criterion_overall_and_total(db):
    criteria = list(Criterion.objects.filter(model__code="caf2020").prefetch_related("subcriteria"))
    values = {}
    for criterion in criteria:
        for position, sub in enumerate(criterion.subcriteria.all()):
            # Criterion n: its sub-criteria score 10n and 10n + 10 alternately.
            values[sub.pk] = Decimal(10 * criterion.number + 10 * (position % 2))
    totals = scoring.totals(criteria, values)
    by_number = {score.criterion.number: score.value for score in totals.criteria}
    assert by_number[1] == Decimal("15.0")  # 10, 20, 10, 20
    assert by_number[3] == Decimal("33.3")  # 30, 40, 30
    assert by_number[6] == Decimal("65.0")  # 60, 70
    assert totals.total == sum(by_number.values())
    assert totals.overall == scoring.mean(by_number.values())
    assert totals.enablers == scoring.mean([by_number[n] for n in range(1, 6)])


def test_totals_wait_for_every_subcriterion(db):
    criteria = list(Criterion.objects.filter(model__code="caf2020").prefetch_related("subcriteria"))
    totals = scoring.totals(criteria, {})
    assert totals.overall is None and totals.total is None


def test_bands():
    assert scoring.band_for(0).high == 10
    assert scoring.band_for(55).low == 51
    assert scoring.band_for(100).low == 91
