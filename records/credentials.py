"""Verifying an Open Badges 3.0 credential another issuer signed (a JWT, OB3 section 8.2).

``verify(token)`` answers with a ``Verification``: one verdict among valid, tampered,
expired, revoked, unknown key, unreachable issuer and malformed, a sentence for the
person, and what the credential says (issuer, achievement, hours, dates). Only a
valid one counts towards the year.

The steps: the JWT's header names its key (``kid``, a URL into the issuer's JWKS);
the JWKS is fetched over HTTPS (plain http only to the loopback, in development and
tests) with a timeout, a size limit and a cache, and must be on the issuer's host;
the signature is checked with that key (EdDSA, ES256 or RS256); then the expiry
(``exp`` / ``validUntil``), and the revocation bit in the issuer's Bitstring Status
List, itself a JWT signed by the same issuer. The hours are the subject's
``creditsEarned`` (or the achievement's ``creditsAvailable``), read as hours.
"""

import base64
import gzip
import hashlib
import io
import ipaddress
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExternalTraining

Verdict = ExternalTraining.CredentialVerdict
ALGORITHMS = ["EdDSA", "ES256", "RS256"]
MAX_TOKEN_LENGTH = 64 * 1024
# A status list is at least 16 KiB of bits; unpacked, refuse anything past 1 MiB.
MAX_LIST_BYTES = 1024 * 1024


class VerificationFailed(Exception):
    def __init__(self, verdict, message):
        super().__init__(message)
        self.verdict = verdict
        self.message = message


@dataclass
class Verification:
    verdict: str
    message: str
    issuer: str = ""
    issuer_name: str = ""
    title: str = ""
    hours: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    claims: dict = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return self.verdict == Verdict.VALID


# --- Fetching what the issuer publishes ------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """HTTPS only; plain http only to the loopback where the settings allow it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and _is_loopback(host) and settings.RECORDS_ALLOW_LOOPBACK_HTTP:
        return
    raise VerificationFailed(
        Verdict.UNKNOWN_KEY,
        _("L'emittente non pubblica le sue chiavi a un indirizzo HTTPS."),
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url: str) -> bytes:
    """The body at ``url`` (cached), within the timeout and size limit, or VerificationFailed."""
    check_url(url)
    key = "records:fetch:" + hashlib.sha256(url.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    limit = settings.RECORDS_FETCH_MAX_BYTES
    request = urllib.request.Request(url, headers={"Accept": "application/json, application/jwt"})
    try:
        with _opener.open(request, timeout=settings.RECORDS_FETCH_TIMEOUT) as response:
            body = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise VerificationFailed(
            Verdict.UNREACHABLE,
            _("Non è stato possibile leggere le chiavi o lo stato dall'emittente: riprova."),
        ) from error
    if len(body) > limit:
        raise VerificationFailed(
            Verdict.UNREACHABLE, _("L'emittente ha risposto con un documento troppo grande.")
        )
    cache.set(key, body, settings.RECORDS_FETCH_CACHE_SECONDS)
    return body


def _issuer_key(kid: str, algorithm: str, issuer: str):
    """The public key named by ``kid``, from the JWKS it points into (on the issuer's host)."""
    jwks_url = kid.split("#", 1)[0]
    check_url(jwks_url)
    if issuer and urlsplit(issuer).hostname != urlsplit(jwks_url).hostname:
        raise VerificationFailed(
            Verdict.UNKNOWN_KEY,
            _("La chiave indicata non appartiene all'emittente della credenziale."),
        )
    try:
        keys = json.loads(fetch(jwks_url))["keys"]
        keys = [key for key in keys if isinstance(key, dict)]
    except (ValueError, KeyError, TypeError) as error:
        raise VerificationFailed(
            Verdict.UNREACHABLE, _("L'emittente non pubblica un insieme di chiavi leggibile.")
        ) from error
    fragment = kid.split("#", 1)[1] if "#" in kid else ""
    for candidate in keys:
        if candidate.get("kid") in (kid, fragment) and fragment:
            try:
                return jwt.PyJWK(candidate, algorithm=algorithm).key
            except jwt.PyJWTError as error:
                raise VerificationFailed(
                    Verdict.UNKNOWN_KEY,
                    _("La chiave pubblicata dall'emittente non è utilizzabile."),
                ) from error
    raise VerificationFailed(
        Verdict.UNKNOWN_KEY,
        _("La credenziale è firmata con una chiave che l'emittente non pubblica."),
    )


def _decode(token: str, *, expected_issuer: str | None = None) -> dict:
    """The verified claims of a JWT signed by a key its issuer publishes."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise VerificationFailed(
            Verdict.MALFORMED, _("Il testo non è una credenziale firmata (JWT).")
        ) from error
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in ALGORITHMS or not isinstance(kid, str) or not kid:
        raise VerificationFailed(
            Verdict.MALFORMED,
            _("La credenziale non indica un algoritmo di firma e una chiave ammessi."),
        )
    issuer = unverified.get("iss") or _issuer_id(unverified.get("issuer"))
    if not isinstance(issuer, str) or not issuer:
        raise VerificationFailed(Verdict.MALFORMED, _("La credenziale non indica l'emittente."))
    if expected_issuer and issuer != expected_issuer:
        raise VerificationFailed(
            Verdict.TAMPERED, _("La lista di stato non è dello stesso emittente della credenziale.")
        )
    key = _issuer_key(kid, algorithm, issuer)
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_aud": False,
                "verify_iat": False,
            },
        )
    except jwt.InvalidSignatureError as error:
        raise VerificationFailed(
            Verdict.TAMPERED, _("La firma non corrisponde: la credenziale è stata alterata.")
        ) from error
    except jwt.PyJWTError as error:
        raise VerificationFailed(
            Verdict.MALFORMED, _("Il testo non è una credenziale firmata (JWT).")
        ) from error


def _issuer_id(issuer) -> str:
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def _moment(value) -> datetime | None:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else timezone.make_aware(moment)
    return None


def _italian_date(value) -> date | None:
    """A date claimed as "2026-03-04" or as a moment, read as the Italian calendar day."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    moment = _moment(value)
    return timezone.localtime(moment).date() if moment else None


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def bit_is_set(encoded_list: str, index: int) -> bool:
    """Whether bit ``index`` (0 the leftmost) of a multibase, GZIP-compressed bitstring is 1."""
    if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
        raise ValueError("not a multibase base64url bitstring")
    with gzip.GzipFile(fileobj=io.BytesIO(_b64url_decode(encoded_list[1:]))) as unpacked:
        bits = unpacked.read(MAX_LIST_BYTES + 1)
    if len(bits) > MAX_LIST_BYTES or not 0 <= index < len(bits) * 8:
        raise ValueError("status list too large or index out of range")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _check_status(claims: dict, issuer: str) -> None:
    """Revoked when the issuer's status list has the credential's revocation bit set."""
    entries = claims.get("credentialStatus") or []
    entries = [entries] if isinstance(entries, dict) else entries
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            continue
        if entry.get("statusPurpose", "revocation") != "revocation":
            continue
        try:
            index = int(entry["statusListIndex"])
            list_token = fetch(str(entry["statusListCredential"])).decode("ascii").strip()
        except (KeyError, ValueError, UnicodeDecodeError) as error:
            raise VerificationFailed(
                Verdict.MALFORMED, _("Lo stato della credenziale non è leggibile.")
            ) from error
        status = _decode(list_token, expected_issuer=issuer)
        try:
            revoked = bit_is_set(status["credentialSubject"]["encodedList"], index)
        except (KeyError, TypeError, ValueError, OSError, EOFError) as error:
            raise VerificationFailed(
                Verdict.UNREACHABLE, _("La lista di stato dell'emittente non è leggibile.")
            ) from error
        if revoked:
            raise VerificationFailed(
                Verdict.REVOKED, _("L'emittente ha revocato questa credenziale.")
            )


def _json_object(value: object) -> dict[str, Any]:
    """A JSON object of the claims, or an empty one for anything else."""
    return value if isinstance(value, dict) else {}


def _hours(subject: dict) -> Decimal | None:
    achievement = _json_object(subject.get("achievement"))
    for value in (subject.get("creditsEarned"), achievement.get("creditsAvailable")):
        if value is None or isinstance(value, bool):
            continue
        try:
            hours = Decimal(str(value))
        except InvalidOperation:
            continue
        if hours.is_finite() and Decimal("0") < hours <= Decimal("2000"):
            return hours.quantize(Decimal("0.1"))
    return None


def _describe(claims: dict, verdict: str, message: str) -> Verification:
    subject = _json_object(claims.get("credentialSubject"))
    achievement = _json_object(subject.get("achievement"))
    issuer = claims.get("issuer")
    return Verification(
        verdict=verdict,
        message=message,
        issuer=claims.get("iss") or _issuer_id(issuer),
        issuer_name=(issuer.get("name") if isinstance(issuer, dict) else "") or "",
        title=str(achievement.get("name") or claims.get("name") or "")[:200],
        hours=_hours(subject),
        starts_on=_italian_date(subject.get("activityStartDate")),
        ends_on=_italian_date(subject.get("activityEndDate") or claims.get("validFrom")),
        claims=claims,
    )


def verify(token: str, *, now: datetime | None = None) -> Verification:
    """The verdict on a credential pasted or uploaded by a person. Never raises."""
    now = now or timezone.now()
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        return Verification(Verdict.MALFORMED, _("Il testo non è una credenziale firmata (JWT)."))
    claims: dict = {}
    try:
        claims = _decode(token)
        if "OpenBadgeCredential" not in (claims.get("type") or []):
            raise VerificationFailed(Verdict.MALFORMED, _("Non è una credenziale Open Badges."))
        until = _moment(claims.get("exp")) or _moment(claims.get("validUntil"))
        if until is not None and until <= now:
            return _describe(claims, Verdict.EXPIRED, _("La credenziale è scaduta."))
        _check_status(claims, claims.get("iss") or _issuer_id(claims.get("issuer")))
    except VerificationFailed as failure:
        return _describe(claims, failure.verdict, failure.message)
    return _describe(
        claims, Verdict.VALID, _("Credenziale valida: firma, scadenza e stato verificati.")
    )
