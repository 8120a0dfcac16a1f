"""Each certificate as an Open Badges 3.0 credential, and the list that says which are revoked.

The credential is an ``OpenBadgeCredential`` in the W3C Verifiable
Credentials Data Model 2.0, secured as a JWT the way Open Badges 3.0 says
(section 8.2, "JSON Web Token Proof Format"): the payload is the credential
itself plus the registered claims ``iss`` (issuer.id), ``jti`` (id), ``sub``
(credentialSubject.id), ``nbf`` (validFrom) and ``exp`` (validUntil, when the
certificate expires); the header carries only ``alg`` (EdDSA), ``kid`` and
``typ``. The ``kid`` is a URL of the JWKS published at
``/.well-known/jwks.json``, so any JOSE library verifies a credential with
the published keys alone.

Revocation is published in a W3C Bitstring Status List: every credential
points at a ``BitstringStatusListCredential`` served by the platform and
signed the same way; its bit is 1 once the certificate is revoked or
replaced by a reissue.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from website.core.links import absolute_url

if TYPE_CHECKING:
    from website.accounts.models import User

    from .models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "EdDSA"
# The W3C minimum: 16 KiB of bits, that is 131,072 entries per list.
STATUS_LIST_SIZE = 16 * 1024 * 8
STATUS_PURPOSE = "revocation"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_private_key(value: str) -> Ed25519PrivateKey:
    """A PEM (PKCS #8) Ed25519 key, or its 32-byte seed in base64url."""
    value = (value or "").strip()
    try:
        if value.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(value.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(_b64url_decode(value))
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "CERTIFICATES_SIGNING_KEY must be an Ed25519 private key: PEM, or its 32-byte "
            "seed in base64url (see the README)."
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("CERTIFICATES_SIGNING_KEY must be an Ed25519 key.")
    return key


def parse_public_key(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_b64url_decode(value.strip()))


@cache
def _signing_key(configured: str) -> Ed25519PrivateKey:
    return parse_private_key(configured)


def signing_key() -> Ed25519PrivateKey:
    if not settings.CERTIFICATES_SIGNING_KEY:
        raise ImproperlyConfigured("CERTIFICATES_SIGNING_KEY is not set.")
    return _signing_key(settings.CERTIFICATES_SIGNING_KEY)


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint of an Ed25519 JWK (members crv, kty, x in that order)."""
    members = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64url(_raw(public_key))},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64url(hashlib.sha256(members.encode()).digest())


def jwks_url() -> str:
    return absolute_url("certificates_wellknown:jwks")


def key_id(public_key: Ed25519PublicKey) -> str:
    return f"{jwks_url()}#{thumbprint(public_key)}"


def published_keys() -> list[Ed25519PublicKey]:
    """The current key first, then earlier ones that still verify older credentials."""
    keys = [signing_key().public_key()]
    keys += [parse_public_key(value) for value in settings.CERTIFICATES_PREVIOUS_PUBLIC_KEYS]
    return keys


def jwks() -> dict:
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": _b64url(_raw(key)),
                "kid": key_id(key),
                "alg": ALGORITHM,
                "use": "sig",
            }
            for key in published_keys()
        ]
    }


def sign(payload: dict[str, Any], *, kid: str | None = None) -> str:
    """The signed JWT; ``kid``, when given, is ``key_id`` of the signing key, worked out once."""
    key = signing_key()
    return jwt.encode(
        payload,
        key,
        algorithm=ALGORITHM,
        # The media type of the download (application/vc+jwt), as VC-JOSE-COSE registers it.
        headers={"kid": kid or key_id(key.public_key()), "typ": "vc+jwt"},
    )


def issuer_id() -> str:
    return absolute_url("certificates:issuer")


def status_list_url(number: int) -> str:
    return absolute_url("certificates:status_list", number)


def subject_id(user: User) -> str:
    """A stable pseudonymous identifier of the holder (no name or address in it)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, absolute_url(f"/persone/{user.pk}")).urn


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start(day: str) -> str:
    """A day of the register ("2026-03-02") as the date-time Open Badges 3.0 requires
    (xsd:dateTime): midnight UTC, which every reader in Europe maps back to the same day."""
    return f"{date.fromisoformat(day).isoformat()}T00:00:00Z"


def valid_until(expires_on: date | None) -> datetime | None:
    """The end of the last day of validity, in the site's time zone."""
    if expires_on is None:
        return None
    start_of_next_day = datetime.combine(expires_on + timedelta(days=1), time.min)
    return timezone.make_aware(start_of_next_day) - timedelta(seconds=1)


def _email_identity(email: str) -> dict:
    salt = _b64url(uuid.uuid4().bytes)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


@dataclass(frozen=True)
class Addresses:
    """The site's addresses a credential names: reversed once for a run of many credentials."""

    issuer: str
    site: str
    status_list: str
    status_list_number: int
    key_id: str


def addresses(status_list: int) -> Addresses:
    return Addresses(
        issuer=issuer_id(),
        site=absolute_url("/"),
        status_list=status_list_url(status_list),
        status_list_number=status_list,
        key_id=key_id(signing_key().public_key()),
    )


def credential_payload(
    *, certificate: Certificate, texts: dict[str, str], shared: Addresses | None = None
) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate being issued, with the JWT claims.

    ``texts`` holds the sentences in the holder's language (name,
    description, criteria, evidence), written by the caller; ``shared`` the
    addresses of a run (``addresses``), made here when not given.
    """
    if shared is None or shared.status_list_number != certificate.status_list:
        shared = addresses(certificate.status_list)
    snapshot = certificate.snapshot
    issued_at = certificate.issued_at
    credential_id = certificate.credential_id.urn
    subject = subject_id(certificate.user)
    status_url = shared.status_list
    credential: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts["name"],
        "issuer": {
            "id": shared.issuer,
            "type": ["Profile"],
            "name": snapshot["issuer"]["name"],
            "url": shared.site,
        },
        "validFrom": _timestamp(issued_at),
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "identifier": [
                _email_identity(certificate.user.email),
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": snapshot["holder"]["name"],
                },
            ],
            "activityStartDate": _day_start(snapshot["edition"]["starts_on"]),
            "activityEndDate": _day_start(snapshot["edition"]["ends_on"]),
            "achievement": {
                "id": snapshot["course"]["url"],
                "type": ["Achievement"],
                "achievementType": "Course",
                "humanCode": snapshot["course"]["code"],
                "name": f"{snapshot['course']['code']} – {snapshot['course']['title']}",
                "description": texts["description"],
                "criteria": {"narrative": texts["criteria"]},
            },
        },
        "evidence": [{"type": ["Evidence"], "narrative": texts["evidence"]}],
        "credentialStatus": {
            "id": f"{status_url}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": status_url,
        },
    }
    claims: dict[str, Any] = {
        "iss": credential["issuer"]["id"],
        "jti": credential_id,
        "sub": subject,
        "nbf": int(issued_at.timestamp()),
    }
    until = valid_until(certificate.expires_on)
    if until is not None:
        credential["validUntil"] = _timestamp(until)
        claims["exp"] = int(until.timestamp())
    return {**credential, **claims}


def encoded_list(set_indexes) -> str:
    """GZIP-compressed bitstring, multibase base64url ('u' prefix), index 0 the leftmost bit."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(number: int, set_indexes, *, now=None) -> str:
    """The signed BitstringStatusListCredential of one list, as of ``now``."""
    now = (now or timezone.now()).replace(microsecond=0)
    url = status_list_url(number)
    credential = {
        "@context": CONTEXTS[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encoded_list(set_indexes),
        },
    }
    claims = {"iss": issuer_id(), "jti": url, "sub": f"{url}#list", "nbf": int(now.timestamp())}
    return sign({**credential, **claims})
