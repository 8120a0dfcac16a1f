"""Institutional login: allauth's OpenID Connect and SAML apps, built from the environment.

``providers(env)`` returns the value of ``SOCIALACCOUNT_PROVIDERS``: an OpenID Connect app
when ``AULA_OIDC_SERVER_URL`` is set, a SAML app when ``AULA_SAML_IDP_ENTITY_ID`` is set,
nothing otherwise (and then the login page shows no provider button). Every app carries
the same two keys that Aula's own code reads (website/accounts/sso.py):

- ``attribute_mapping``: which claim (OIDC) or attribute (SAML) holds the name, surname,
  e-mail, fiscal code and office code; allauth's SAML provider reads it too (``uid``,
  ``email``, ``first_name``, ``last_name``);
- ``form_action``: the identity provider's origins the login form's redirect goes to,
  which the Content-Security-Policy's ``form-action`` allows (website/core/csp.py).
"""

from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

OIDC_DEFAULT_ATTRIBUTES = {
    "first_name": "given_name",
    "last_name": "family_name",
    "email": "email",
    "fiscal_code": "fiscal_number",
}
# SPID's attribute names (Avviso SPID n. 6, also used by CIE and most regional brokers).
SAML_DEFAULT_ATTRIBUTES = {
    "first_name": "name",
    "last_name": "familyName",
    "email": "email",
    "fiscal_code": "fiscalNumber",
}
ATTRIBUTE_KEYS = {"uid", "first_name", "last_name", "email", "fiscal_code", "office"}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _attributes(env: environ.Env, variable: str, defaults: dict[str, str]) -> dict[str, str]:
    given = env.dict(variable, default={})
    unknown = set(given) - ATTRIBUTE_KEYS
    if unknown:
        raise ImproperlyConfigured(
            f"{variable} names unknown fields ({', '.join(sorted(unknown))}); "
            f"known: {', '.join(sorted(ATTRIBUTE_KEYS))}."
        )
    return {key: value for key, value in {**defaults, **given}.items() if value}


def _common(env: environ.Env) -> dict[str, Any]:
    return {
        # The identity provider vouches for the address: no confirmation e-mail.
        "verified_email": env.bool("AULA_SSO_TRUST_EMAIL", default=True),
        # Off by default: see the README ("Accesso istituzionale").
        "email_authentication": env.bool("AULA_SSO_CONNECT_BY_EMAIL", default=False),
    }


def oidc_app(env: environ.Env) -> dict[str, Any] | None:
    server_url = env("AULA_OIDC_SERVER_URL", default="")
    if not server_url:
        return None
    if not env("AULA_OIDC_CLIENT_ID", default=""):
        raise ImproperlyConfigured(
            "AULA_OIDC_CLIENT_ID must be set with AULA_OIDC_SERVER_URL: the client registered "
            "at the identity provider."
        )
    extra_origins = env.list("AULA_OIDC_FORM_ACTION", default=[])
    app_settings: dict[str, Any] = {
        "server_url": server_url,
        "uid_field": env("AULA_OIDC_UID_CLAIM", default="sub"),
        "scope": env.list("AULA_OIDC_SCOPES", default=["openid", "profile", "email"]),
        "oauth_pkce_enabled": env.bool("AULA_OIDC_PKCE", default=True),
        "attribute_mapping": _attributes(env, "AULA_OIDC_ATTRIBUTES", OIDC_DEFAULT_ATTRIBUTES),
        "form_action": [o for o in [origin(server_url), *map(origin, extra_origins)] if o],
        **_common(env),
    }
    if env("AULA_OIDC_TOKEN_AUTH_METHOD", default=""):
        app_settings["token_auth_method"] = env("AULA_OIDC_TOKEN_AUTH_METHOD")
    return {
        "provider_id": env("AULA_OIDC_PROVIDER_ID", default="regione"),
        "name": env("AULA_OIDC_NAME", default="Regione"),
        "client_id": env("AULA_OIDC_CLIENT_ID", default=""),
        "secret": env("AULA_OIDC_CLIENT_SECRET", default=""),
        "settings": app_settings,
    }


def _pem_body(value: str) -> str:
    """A certificate or key given as PEM (with \\n escapes, as .env files hold them) or bare."""
    return value.replace("\\n", "\n").strip()


def saml_app(env: environ.Env) -> dict[str, Any] | None:
    entity_id = env("AULA_SAML_IDP_ENTITY_ID", default="")
    if not entity_id:
        return None
    idp: dict[str, Any] = {"entity_id": entity_id}
    metadata_url = env("AULA_SAML_IDP_METADATA_URL", default="")
    sso_url = env("AULA_SAML_IDP_SSO_URL", default="")
    if metadata_url:
        idp["metadata_url"] = metadata_url
    elif not sso_url or not env("AULA_SAML_IDP_X509_CERT", default=""):
        raise ImproperlyConfigured(
            "AULA_SAML_IDP_SSO_URL and AULA_SAML_IDP_X509_CERT (or AULA_SAML_IDP_METADATA_URL) "
            "must be set with AULA_SAML_IDP_ENTITY_ID: where to send people, and the "
            "certificate that signs the identity provider's assertions."
        )
    else:
        idp.update(sso_url=sso_url, x509cert=_pem_body(env("AULA_SAML_IDP_X509_CERT", default="")))
        if env("AULA_SAML_IDP_SLO_URL", default=""):
            idp["slo_url"] = env("AULA_SAML_IDP_SLO_URL")
    advanced: dict[str, Any] = {
        "strict": True,
        "want_assertion_signed": env.bool("AULA_SAML_WANT_ASSERTIONS_SIGNED", default=True),
        "want_message_signed": env.bool("AULA_SAML_WANT_MESSAGES_SIGNED", default=False),
        # Only logins this site started: an unsolicited response could be replayed.
        "reject_idp_initiated_sso": True,
    }
    if env("AULA_SAML_SP_X509_CERT", default=""):
        advanced.update(
            x509cert=_pem_body(env("AULA_SAML_SP_X509_CERT")),
            private_key=_pem_body(env("AULA_SAML_SP_PRIVATE_KEY", default="")),
            authn_request_signed=True,
        )
    sp: dict[str, Any] = {}
    if env("AULA_SAML_SP_ENTITY_ID", default=""):
        sp["entity_id"] = env("AULA_SAML_SP_ENTITY_ID")
    extra_origins = env.list("AULA_SAML_FORM_ACTION", default=[])
    return {
        "name": env("AULA_SAML_NAME", default="SPID/CIE"),
        "provider_id": "saml",
        # allauth's SAML URLs name the app by this slug: /account/saml/<slug>/acs/.
        "client_id": env("AULA_SAML_SLUG", default="idp"),
        "settings": {
            "idp": idp,
            "sp": sp,
            "advanced": advanced,
            "attribute_mapping": _attributes(env, "AULA_SAML_ATTRIBUTES", SAML_DEFAULT_ATTRIBUTES),
            "form_action": [
                o for o in [origin(sso_url or metadata_url), *map(origin, extra_origins)] if o
            ],
            **_common(env),
        },
    }


def providers(env: environ.Env) -> dict[str, dict[str, Any]]:
    configured: dict[str, dict[str, Any]] = {}
    if app := oidc_app(env):
        configured["openid_connect"] = {"APPS": [app]}
    if app := saml_app(env):
        configured["saml"] = {"APPS": [app]}
    return configured
