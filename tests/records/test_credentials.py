"""External Open Badges 3.0 credentials: each case gets a clear answer; only a valid one counts."""

import json
from datetime import date
from decimal import Decimal

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from records import credentials, selectors, services
from records.models import ExternalTraining
from website.core.exceptions import Refused

pytestmark = pytest.mark.django_db
Verdict = ExternalTraining.CredentialVerdict


def tampered(token: str) -> str:
    header, _payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["creditsEarned"] = 120
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


def test_a_valid_credential_is_valid_with_its_hours_and_dates(issuer):
    answer = credentials.verify(issuer.credential(hours=12, start="2026-03-02", end="2026-03-20"))
    assert answer.verdict == Verdict.VALID, answer.message
    assert answer.hours == Decimal("12")
    assert (answer.starts_on, answer.ends_on) == (date(2026, 3, 2), date(2026, 3, 20))
    assert answer.issuer == issuer.issuer_id


@pytest.mark.parametrize(
    ("make", "verdict"),
    [
        (lambda issuer: tampered(issuer.credential()), Verdict.TAMPERED),
        (lambda issuer: issuer.credential(expires_in_days=-1), Verdict.EXPIRED),
        (
            lambda issuer: issuer.credential(key=Ed25519PrivateKey.generate()),
            Verdict.UNKNOWN_KEY,
        ),
        (lambda issuer: "non è una credenziale", Verdict.MALFORMED),
        (lambda issuer: "a.b.c", Verdict.MALFORMED),
        (lambda issuer: "", Verdict.MALFORMED),
        (lambda issuer: "x" * 70000, Verdict.MALFORMED),
    ],
)
def test_every_bad_credential_gets_a_clear_answer(issuer, make, verdict):
    answer = credentials.verify(make(issuer))
    assert answer.verdict == verdict
    assert answer.message
    assert not answer.is_valid


def test_a_revoked_credential_is_revoked(issuer):
    token = issuer.credential()
    assert credentials.verify(token).verdict == Verdict.VALID
    issuer.revoked.add(issuer.index_of(token))
    from django.core.cache import cache

    cache.clear()  # the status list is cached like the keys
    assert credentials.verify(token).verdict == Verdict.REVOKED


def test_plain_http_to_the_loopback_only_where_the_settings_allow(issuer, settings):
    token = issuer.credential()
    settings.RECORDS_ALLOW_LOOPBACK_HTTP = False
    answer = credentials.verify(token)
    assert answer.verdict == Verdict.UNKNOWN_KEY
    assert "HTTPS" in answer.message


def test_a_key_not_on_the_issuers_host_is_refused(issuer):
    claims = jwt.decode(issuer.credential(), options={"verify_signature": False})
    claims["iss"] = "https://altro-emittente.example/issuer"
    answer = credentials.verify(issuer.sign(claims))
    assert answer.verdict == Verdict.UNKNOWN_KEY


def test_a_document_too_large_is_refused(issuer, settings):
    settings.RECORDS_FETCH_MAX_BYTES = 20
    answer = credentials.verify(issuer.credential())
    assert answer.verdict == Verdict.UNREACHABLE


def test_a_dead_issuer_is_unreachable(settings):
    with_dead = jwt.encode(
        {"iss": "http://127.0.0.1:9/issuer", "type": ["OpenBadgeCredential"]},
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": "http://127.0.0.1:9/.well-known/jwks.json#k"},
    )
    settings.RECORDS_FETCH_TIMEOUT = 1
    assert credentials.verify(with_dead).verdict == Verdict.UNREACHABLE


def declare(person, token, hours="12"):
    return services.declaration_create(
        user=person,
        title="Competenze digitali",
        provider="Syllabus",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 20),
        hours=Decimal(hours),
        credential=token,
        today=date(2026, 4, 1),
    )


def test_only_a_valid_credential_is_accepted_and_counts_once_approved(
    issuer, operator, centre_manager
):
    for bad in (tampered(issuer.credential()), issuer.credential(expires_in_days=-1), "rotto"):
        with pytest.raises(Refused):
            declare(operator, bad)
    assert not ExternalTraining.objects.exists()
    declaration = declare(operator, issuer.credential(hours=12))
    assert declaration.credential_verdict == Verdict.VALID
    assert selectors.person_year(operator, 2026).hours == 0  # pending
    services.declaration_approve(declaration=declaration, user=centre_manager)
    assert selectors.person_year(operator, 2026).hours == Decimal("12")


def test_more_hours_than_the_credential_claims_are_refused(issuer, operator):
    with pytest.raises(Refused, match="12"):
        declare(operator, issuer.credential(hours=12), hours="20")


def test_a_credential_revoked_before_approval_cannot_be_approved(issuer, operator, centre_manager):
    token = issuer.credential()
    declaration = declare(operator, token)
    issuer.revoked.add(issuer.index_of(token))
    from django.core.cache import cache

    cache.clear()
    with pytest.raises(Refused):
        services.declaration_approve(declaration=declaration, user=centre_manager)
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.PENDING
    assert declaration.credential_verdict == Verdict.REVOKED
    assert selectors.person_year(operator, 2026).hours == 0
