"""Issued credentials validate against the Open Badges 3.0 schema, with formats checked."""

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
from jsonschema import Draft202012Validator, FormatChecker

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "ob_v3p0_credential_subset.schema.json").read_text())
# RFC 3339 date-time (xsd:dateTime with a time zone): jsonschema checks it only with an
# optional package, so the suite says what it means itself.
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
formats = FormatChecker()


@formats.checks("date-time")
def is_date_time(value) -> bool:
    if not isinstance(value, str) or not DATE_TIME.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@formats.checks("uri")
def is_uri(value) -> bool:
    return isinstance(value, str) and bool(urlsplit(value).scheme)


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=formats)


def errors_of(claims):
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(claims)
    ]


@pytest.mark.parametrize("days", [(5,), (5, 4.5, 5)])
def test_every_issued_credential_validates(issue_certificate, days):
    certificate = issue_certificate(days=days, first_name="Lucia", last_name="Ferrante")
    claims = jwt.decode(certificate.credential, options={"verify_signature": False})
    assert errors_of(claims) == []
    subject = claims["credentialSubject"]
    edition = certificate.edition
    assert subject["activityStartDate"] == f"{edition.starts_on.isoformat()}T00:00:00Z"
    assert subject["activityEndDate"] == f"{edition.ends_on.isoformat()}T00:00:00Z"
    assert jwt.get_unverified_header(certificate.credential)["typ"] == "vc+jwt"


def test_the_schema_refuses_what_1edtech_refused(issue_certificate):
    claims = jwt.decode(issue_certificate().credential, options={"verify_signature": False})
    dated = json.loads(json.dumps(claims))
    dated["credentialSubject"]["activityStartDate"] = "2026-03-02"
    dated["credentialSubject"]["activityEndDate"] = "2026-03-20"
    assert len(errors_of(dated)) == 2  # the two errors the issue reported
    untyped = {**claims, "type": ["VerifiableCredential"]}
    assert errors_of(untyped)
    stray = json.loads(json.dumps(claims))
    stray["credentialSubject"]["email"] = "someone@example.org"
    assert errors_of(stray)
