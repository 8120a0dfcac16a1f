"""A second, demo issuer of Open Badges 3.0 credentials (an external training provider).

It signs with its own Ed25519 key and serves its JWKS and its status list on the
loopback, over plain http (allowed only by the dev and test settings), so that the
yearly record's verification has something real to check. The tests use it to make
valid, tampered, expired, revoked and unknown-key credentials.

    with DemoIssuer().serving() as issuer:
        token = issuer.credential(hours=12)
"""

import base64
import contextlib
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.credentials import CONTEXTS, _raw, encoded_list, thumbprint

# The demo provider's key (public: it is demo data, never a real issuer's).
DEMO_PROVIDER_SEED = "3q0Kc2u8h5wR9mXz1bYtV7nJ4pL6fE0sA2dG8kH5jQw"
DEMO_PROVIDER_NAME = "Scuola Nazionale dell'Amministrazione digitale (demo)"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _seed_bytes(seed: str) -> bytes:
    return base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4))[:32].ljust(32, b"\0")


class DemoIssuer:
    def __init__(self, *, seed: str | None = DEMO_PROVIDER_SEED, name: str = DEMO_PROVIDER_NAME):
        self.key = (
            Ed25519PrivateKey.from_private_bytes(_seed_bytes(seed))
            if seed
            else Ed25519PrivateKey.generate()
        )
        self.name = name
        self.revoked: set[int] = set()
        self.base_url = ""
        self._next_index = 1

    # --- what it publishes ---

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/.well-known/jwks.json"

    @property
    def issuer_id(self) -> str:
        return f"{self.base_url}/issuer"

    @property
    def status_url(self) -> str:
        return f"{self.base_url}/status/1"

    def kid(self, key=None) -> str:
        return f"{self.jwks_url}#{thumbprint((key or self.key).public_key())}"

    def jwks(self) -> dict:
        public = self.key.public_key()
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": _b64url(_raw(public)),
                    "kid": self.kid(),
                    "alg": "EdDSA",
                    "use": "sig",
                }
            ]
        }

    def sign(self, payload: dict, *, key=None) -> str:
        key = key or self.key
        return jwt.encode(
            payload, key, algorithm="EdDSA", headers={"kid": self.kid(key), "typ": "JWT"}
        )

    def status_list(self) -> str:
        now = int(datetime.now(tz=UTC).timestamp())
        return self.sign(
            {
                "@context": CONTEXTS[:1],
                "id": self.status_url,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": self.issuer_id,
                "credentialSubject": {
                    "id": f"{self.status_url}#list",
                    "type": "BitstringStatusList",
                    "statusPurpose": "revocation",
                    "encodedList": encoded_list(self.revoked),
                },
                "iss": self.issuer_id,
                "nbf": now,
            }
        )

    # --- credentials ---

    def credential(
        self,
        *,
        title="Competenze digitali per la PA",
        hours=12,
        start="2026-03-02",
        end="2026-03-20",
        expires_in_days: int | None = 365,
        index: int | None = None,
        key=None,
    ) -> str:
        """A signed OpenBadgeCredential; ``key`` another key signs it (an unknown key)."""
        index = index if index is not None else self._take_index()
        issued = datetime.now(tz=UTC).replace(microsecond=0)
        credential_id = uuid.uuid4().urn
        payload = {
            "@context": CONTEXTS,
            "id": credential_id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": title,
            "issuer": {"id": self.issuer_id, "type": ["Profile"], "name": self.name},
            "validFrom": issued.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "credentialSubject": {
                "id": uuid.uuid4().urn,
                "type": ["AchievementSubject"],
                "activityStartDate": start,
                "activityEndDate": end,
                "creditsEarned": hours,
                "achievement": {
                    "id": f"{self.base_url}/corsi/{index}",
                    "type": ["Achievement"],
                    "achievementType": "Course",
                    "name": title,
                    "creditsAvailable": hours,
                    "criteria": {"narrative": "Completamento del corso e test finale."},
                },
            },
            "credentialStatus": {
                "id": f"{self.status_url}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(index),
                "statusListCredential": self.status_url,
            },
            "iss": self.issuer_id,
            "jti": credential_id,
            "nbf": int(issued.timestamp()),
        }
        if expires_in_days is not None:
            until = issued + timedelta(days=expires_in_days)
            payload["validUntil"] = until.strftime("%Y-%m-%dT%H:%M:%SZ")
            payload["exp"] = int(until.timestamp())
        return self.sign(payload, key=key)

    def _take_index(self) -> int:
        self._next_index += 1
        return self._next_index

    @staticmethod
    def index_of(token: str) -> int:
        claims = jwt.decode(token, options={"verify_signature": False})
        return int(claims["credentialStatus"]["statusListIndex"])

    # --- serving ---

    @contextlib.contextmanager
    def serving(self):
        """Serve the JWKS and the status list on 127.0.0.1 (a free port) while inside."""
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/.well-known/jwks.json":
                    body, kind = json.dumps(issuer.jwks()).encode(), "application/json"
                elif self.path == "/status/1":
                    body, kind = issuer.status_list().encode(), "application/vc+jwt"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
