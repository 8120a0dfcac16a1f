"""Identity providers the tests start themselves, on the loopback: no external network.

``OidcProvider``: a small OpenID Connect provider in a thread (discovery, authorize,
token, JWKS, userinfo) signing its ID tokens with a throw-away RSA key through PyJWT. The
authorize endpoint logs in whoever ``person`` names at once (no login page of its own)
and sends the browser back with a code; ``id_token_overrides`` lets a test break the ID
token (another issuer, another audience, an expired one).

``SamlIdentityProvider``: a throw-away key and self-signed certificate, and responses to an
AuthnRequest built and signed (python3-saml's xmlsec utilities) the way an IdP would,
each part of which a test can spoil.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from defusedxml import ElementTree
from jwt.algorithms import RSAAlgorithm
from onelogin.saml2.utils import OneLogin_Saml2_Utils

CLIENT_ID = "aula-test"
CLIENT_SECRET = "not-a-secret"


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# --- OpenID Connect ---------------------------------------------------------------------


class OidcProvider:
    def __init__(self) -> None:
        self.key = _rsa_key()
        self.kid = secrets.token_hex(4)
        self.person: dict[str, Any] = {}
        self.id_token_overrides: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.token_requests = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                provider.handle(self, "GET")

            def do_POST(self):
                provider.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> OidcProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def app(self, **settings: Any) -> dict[str, Any]:
        """An allauth app for this provider, as website/settings/sso.py builds them."""
        return {
            "provider_id": "regione",
            "name": "Regione Test",
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "settings": {
                "server_url": self.issuer,
                "oauth_pkce_enabled": True,
                "verified_email": True,
                "email_authentication": False,
                "attribute_mapping": {
                    "first_name": "given_name",
                    "last_name": "family_name",
                    "email": "email",
                    "fiscal_code": "fiscal_number",
                    "office": "office_code",
                },
                "form_action": [self.issuer],
                **settings,
            },
        }

    # The endpoints ----------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if method == "POST":
            length = int(request.headers.get("Content-Length") or 0)
            body = request.rfile.read(length).decode()
            query.update({k: v[0] for k, v in parse_qs(body).items()})
        route = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/token": self.token,
            "/jwks": self.jwks,
            "/userinfo": self.userinfo,
        }.get(parts.path)
        if route is None:
            self._send(request, 404, {"error": "not_found"})
            return
        route(request, query)

    def _send(self, request, status: int, payload: Any, headers: dict | None = None) -> None:
        body = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    def discovery(self, request, query) -> None:
        self._send(
            request,
            200,
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def authorize(self, request, query) -> None:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            self._send(request, 400, {"error": "invalid_request"})
            return
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "person": dict(self.person),
        }
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        request.send_response(302)
        request.send_header("Location", target)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def token(self, request, query) -> None:
        self.token_requests += 1
        grant = self.codes.pop(query.get("code", ""), None)
        if (
            grant is None
            or query.get("client_id") != CLIENT_ID
            or query.get("client_secret") != CLIENT_SECRET
            or query.get("redirect_uri") != grant["redirect_uri"]
        ):
            self._send(request, 400, {"error": "invalid_grant"})
            return
        if grant["challenge"]:
            digest = hashlib.sha256(query.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                self._send(request, 400, {"error": "invalid_grant"})
                return
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant["person"]["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "jti": secrets.token_hex(8),
            **({"nonce": grant["nonce"]} if grant["nonce"] else {}),
            **grant["person"],
            **self.id_token_overrides,
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        self._send(
            request,
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )

    def jwks(self, request, query) -> None:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        self._send(request, 200, {"keys": [jwk]})

    def userinfo(self, request, query) -> None:
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        person = self.tokens.get(token)
        if person is None:
            self._send(request, 401, {"error": "invalid_token"})
            return
        self._send(request, 200, person)


# --- SAML 2.0 -----------------------------------------------------------------------------

SAML_IDP_ENTITY_ID = "https://idp.regione.test/saml"
SAML_IDP_SSO_URL = "https://idp.regione.test/sso"
SAML_SP_ENTITY_ID = "https://aula.test/saml/metadata"
SAML_SLUG = "idp"


def _certificate(key: rsa.RSAPrivateKey, name: str) -> str:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _pem_key(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SamlAssertion:
    """One response's parts; each field can be spoiled by a test."""

    in_response_to: str
    acs_url: str
    attributes: dict[str, str]
    name_id: str = field(default_factory=lambda: f"_{secrets.token_hex(8)}")
    issuer: str = SAML_IDP_ENTITY_ID
    audience: str = SAML_SP_ENTITY_ID
    not_on_or_after: dt.datetime = field(
        default_factory=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    )


class SamlIdentityProvider:
    def __init__(self) -> None:
        self.key = _rsa_key()
        self.cert = _certificate(self.key, "idp.regione.test")
        self.other_key = _rsa_key()  # someone else's: signs a forged response

    def app(self, **settings: Any) -> dict[str, Any]:
        return {
            "name": "SPID/CIE (test)",
            "provider_id": "saml",
            "client_id": SAML_SLUG,
            "settings": {
                "idp": {
                    "entity_id": SAML_IDP_ENTITY_ID,
                    "sso_url": SAML_IDP_SSO_URL,
                    "x509cert": self.cert,
                },
                "sp": {"entity_id": SAML_SP_ENTITY_ID},
                "advanced": {
                    "strict": True,
                    "want_assertion_signed": True,
                    "reject_idp_initiated_sso": True,
                },
                "attribute_mapping": {
                    "uid": "fiscalNumber",
                    "first_name": "name",
                    "last_name": "familyName",
                    "email": "email",
                    "fiscal_code": "fiscalNumber",
                    "office": "officeCode",
                },
                "verified_email": True,
                "email_authentication": False,
                "form_action": ["https://idp.regione.test"],
                **settings,
            },
        }

    @staticmethod
    def request_id(redirect_url: str) -> str:
        """The ID of the AuthnRequest the site sent (HTTP-Redirect binding: deflated, base64)."""
        query = parse_qs(urlsplit(redirect_url).query)
        xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
        return ElementTree.fromstring(xml).attrib["ID"]

    def response(self, assertion: SamlAssertion, *, sign_with_other_key: bool = False) -> str:
        """The base64 SAMLResponse, its assertion signed (by the IdP's key, or another)."""
        now = dt.datetime.now(dt.UTC)
        response_id, assertion_id = f"_{secrets.token_hex(16)}", f"_{secrets.token_hex(16)}"
        attributes = "".join(
            f'<saml:Attribute Name="{escape(name)}">'
            f'<saml:AttributeValue xsi:type="xs:string">{escape(value)}</saml:AttributeValue>'
            "</saml:Attribute>"
            for name, value in assertion.attributes.items()
        )
        assertion_xml = (
            '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{escape(assertion.issuer)}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">'
            f"{escape(assertion.name_id)}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData InResponseTo="{assertion.in_response_to}" '
            f'NotOnOrAfter="{_instant(assertion.not_on_or_after)}" '
            f'Recipient="{escape(assertion.acs_url)}"/>'
            "</saml:SubjectConfirmation>"
            "</saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(now - dt.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{_instant(assertion.not_on_or_after)}">'
            f"<saml:AudienceRestriction><saml:Audience>{escape(assertion.audience)}"
            "</saml:Audience></saml:AudienceRestriction>"
            "</saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="{assertion_id}">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "https://www.spid.gov.it/SpidL2"
            "</saml:AuthnContextClassRef></saml:AuthnContext>"
            "</saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        key = self.other_key if sign_with_other_key else self.key
        signed_assertion = OneLogin_Saml2_Utils.add_sign(
            assertion_xml,
            _pem_key(key),
            self.cert,
            sign_algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_algorithm="http://www.w3.org/2001/04/xmlenc#sha256",
        )
        if isinstance(signed_assertion, bytes):
            signed_assertion = signed_assertion.decode()
        signed_assertion = signed_assertion.split("?>", 1)[-1].strip()
        response = (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="{response_id}" Version="2.0" IssueInstant="{_instant(now)}" '
            f'Destination="{escape(assertion.acs_url)}" '
            f'InResponseTo="{assertion.in_response_to}">'
            f"<saml:Issuer>{escape(assertion.issuer)}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            "</samlp:Status>"
            f"{signed_assertion}"
            "</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()

    @staticmethod
    def tamper(saml_response: str, old: str, new: str) -> str:
        """The same signed response with one value changed afterwards (the signature breaks)."""
        xml = base64.b64decode(saml_response).decode()
        assert old in xml
        return base64.b64encode(xml.replace(old, new, 1).encode()).decode()
