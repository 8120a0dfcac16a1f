"""The Open Badges credential: verified with PyJWT and the published JWKS alone; revocation lists."""

import base64
import gzip
import hashlib
import json
from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.checks import run_checks

from certificates import credentials, services
from certificates.models import CertificateRule
from tests.foundation.test_settings_contract import run_python

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(issue_certificate):
    return issue_certificate(first_name="Salvatore", last_name="Amato")


def published_key(client, token):
    """What any verifier does: read the kid, fetch the JWKS it names, pick that key."""
    kid = jwt.get_unverified_header(token)["kid"]
    url, _fragment = kid.split("#")
    assert url == "http://testserver/.well-known/jwks.json"
    response = client.get("/.well-known/jwks.json")
    assert response["Content-Type"] == "application/jwk-set+json"
    keys = jwt.PyJWKSet.from_dict(json.loads(response.content))
    return keys[kid]


def verify(client, token):
    return jwt.decode(
        token,
        key=published_key(client, token),
        algorithms=["EdDSA"],
        issuer="http://testserver/attestati/emittente/",
        options={"require": ["iss", "jti", "sub", "nbf"]},
    )


def test_the_credential_verifies_with_pyjwt_and_the_published_keys(client, certificate):
    header = jwt.get_unverified_header(certificate.credential)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    assert set(header) == {"alg", "kid", "typ"}
    claims = verify(client, certificate.credential)
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    # The registered claims mirror the credential's own fields (Open Badges 3.0, 8.2).
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"] == certificate.credential_id.urn
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert claims["validFrom"] == datetime.fromtimestamp(claims["nbf"], UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert "exp" not in claims and "validUntil" not in claims
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["name"] == "UD1 – Trasparenza e accesso agli atti"
    assert achievement["criteria"]["narrative"].startswith("Frequenza di almeno il 70%")
    assert {"identityType": "name", "identityHash": "Salvatore Amato"}.items() <= {
        **subject["identifier"][1]
    }.items()
    email_identity = subject["identifier"][0]
    assert email_identity["hashed"] is True
    assert certificate.user.email not in json.dumps(claims)
    assert "10 ore frequentate su 10" in claims["evidence"][0]["narrative"]
    status = claims["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"] == "http://testserver/attestati/stato/1/"
    assert status["statusListIndex"] == str(certificate.status_index)


def test_the_holder_can_prove_the_hashed_address_is_theirs(certificate):
    identity = jwt.decode(certificate.credential, options={"verify_signature": False})[
        "credentialSubject"
    ]["identifier"][0]
    algorithm, digest = identity["identityHash"].split("$")
    assert algorithm == "sha256"
    assert (
        hashlib.sha256((certificate.user.email + identity["salt"]).encode()).hexdigest() == digest
    )


def test_a_tampered_credential_fails(client, certificate):
    header, payload, signature = certificate.credential.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["identifier"][1]["identityHash"] = "Qualcun Altro"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(jwt.InvalidSignatureError):
        verify(client, f"{header}.{forged}.{signature}")


def test_a_credential_signed_with_another_key_fails(client, certificate):
    claims = jwt.decode(certificate.credential, options={"verify_signature": False})
    header = jwt.get_unverified_header(certificate.credential)
    impostor = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": header["kid"]}
    )
    with pytest.raises(jwt.InvalidSignatureError):
        verify(client, impostor)


def test_an_expiring_certificate_carries_exp_and_valid_until(
    client, closed_edition, participant, attend, template, training_manager, course
):
    CertificateRule.objects.create(course=course, validity_months=12)
    edition = closed_edition(days=2)
    holder = participant(edition)
    attend(holder, edition, [5, 5])
    certificate = services.certificate_issue(
        edition=edition, user=holder, by=training_manager, notify=False
    )
    claims = verify(client, certificate.credential)
    until = credentials.valid_until(certificate.expires_on)
    assert claims["exp"] == int(until.timestamp())
    assert claims["validUntil"].startswith(until.astimezone(credentials.UTC).date().isoformat())


def bit(client, status):
    token = client.get(status["statusListCredential"].removeprefix("http://testserver")).content
    listed = verify(client, token.decode())
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = listed["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    encoded = subject["encodedList"]
    assert encoded.startswith("u")
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert len(bits) >= 16 * 1024
    index = int(status["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_revocation_shows_in_the_status_list_the_credential_points_to(
    client, certificate, training_manager, django_capture_on_commit_callbacks
):
    status = verify(client, certificate.credential)["credentialStatus"]
    assert bit(client, status) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            certificate=certificate, by=training_manager, reason="Errore nel registro"
        )
    assert bit(client, status) == 1
    response = client.get("/attestati/stato/1/")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"] == "application/vc+jwt"


def test_unknown_status_lists_are_not_found(client):
    assert client.get("/attestati/stato/1/").status_code == 200
    assert client.get("/attestati/stato/7/").status_code == 404


def test_the_jwks_publishes_public_keys_only_and_earlier_keys_too(client, settings):
    earlier = Ed25519PrivateKey.generate().public_key()
    raw = credentials._raw(earlier)
    settings.CERTIFICATES_PREVIOUS_PUBLIC_KEYS = [credentials._b64url(raw)]
    keys = json.loads(client.get("/.well-known/jwks.json").content)["keys"]
    assert len(keys) == 2
    assert all(set(key) == {"kty", "crv", "x", "kid", "alg", "use"} for key in keys)
    assert keys[1]["kid"].endswith("#" + credentials.thumbprint(earlier))


def test_the_issuer_profile_is_published(client, template):
    profile = client.get("/attestati/emittente/").json()
    assert profile["id"] == "http://testserver/attestati/emittente/"
    assert profile["type"] == ["Profile"] and profile["name"] == "Regione di prova"


def test_a_malformed_signing_key_fails_the_system_checks(settings):
    settings.CERTIFICATES_SIGNING_KEY = "not-a-key"
    assert "certificates.E001" in {problem.id for problem in run_checks()}
    settings.CERTIFICATES_SIGNING_KEY = settings.CERTIFICATES_DEV_SIGNING_KEY
    settings.CERTIFICATES_PREVIOUS_PUBLIC_KEYS = ["short"]
    assert "certificates.E002" in {problem.id for problem in run_checks()}


def test_keys_are_read_as_a_seed_or_as_pem():
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    seed = credentials._b64url(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )
    for value in (pem, seed):
        parsed = credentials.parse_private_key(value)
        assert credentials.thumbprint(parsed.public_key()) == credentials.thumbprint(
            key.public_key()
        )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "website.settings.production",
    "SECRET_KEY": "p" * 30 + "roduction-secret-key-with-variety-1234567890",
    "ALLOWED_HOSTS": "aula.example",
    "SITE_URL": "https://aula.example",
    "EMAIL_URL": "smtp+tls://aula:secret@smtp.aula.example:587",
}


@pytest.mark.parametrize("key", [None, "dev"])
def test_production_refuses_no_signing_key_and_the_development_one(settings, key):
    env = dict(PRODUCTION)
    if key == "dev":
        env["CERTIFICATES_SIGNING_KEY"] = settings.CERTIFICATES_DEV_SIGNING_KEY
    result = run_python("import django; django.setup(); print('started')", **env)
    assert result.returncode != 0
    assert "CERTIFICATES_SIGNING_KEY must be set" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_real_signing_key():
    seed = base64.urlsafe_b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    result = run_python(
        "import django; django.setup(); print('started')",
        **PRODUCTION,
        CERTIFICATES_SIGNING_KEY=seed,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
