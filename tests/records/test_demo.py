"""The demo year: the operator at 28 of 40 hours, a pending verified credential, a spread centre."""

from decimal import Decimal

from django.utils import timezone

from records import selectors
from records.models import ExternalTraining
from website.accounts.models import EmploymentCentre, User


def test_the_demo_operator_has_28_of_40_hours_and_a_pending_credential(demo_db):
    operator = User.objects.get(email="operatore@aula.example")
    record = selectors.person_year(operator, timezone.localdate().year)
    assert record.target.hours == 40
    assert record.hours == Decimal("28")
    assert record.pending_count == 1
    pending = ExternalTraining.objects.get(user=operator, status="pending")
    assert pending.evidence == ExternalTraining.Evidence.CREDENTIAL
    assert pending.credential_verdict == ExternalTraining.CredentialVerdict.VALID
    assert {line.kind for line in record.lines} >= {"external"}


def test_palermo_centro_is_spread_around_and_below_the_target(demo_db):
    centre = EmploymentCentre.objects.get(code="CPI-PA01")
    rows = selectors.centre_year(centre, timezone.localdate().year)
    reached = sum(row.record.reached for row in rows)
    below = sum(not row.record.reached for row in rows)
    assert reached >= 1 and below >= 3
