"""The steps of an institutional login as a browser takes them, with Django's test client."""

from urllib.parse import urlsplit

import requests
from django.test import Client
from django.urls import reverse

from .idp import SAML_SLUG, OidcProvider, SamlAssertion, SamlIdentityProvider

OIDC_LOGIN = "/account/oidc/regione/login/"
SAML_LOGIN = f"/account/saml/{SAML_SLUG}/login/"
HOST = "aula.test"
SAML_ACS_URL = f"http://{HOST}/account/saml/{SAML_SLUG}/acs/"


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def oidc_login(client: Client, idp: OidcProvider, person: dict, next_url: str = ""):
    """Press "Accedi con …", pass through the provider, come back: the site's answer."""
    idp.person = person
    start = client.post(OIDC_LOGIN + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start
    assert start["Location"].startswith(f"{idp.issuer}/authorize?")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    return client.get(local(back.headers["Location"]))


def saml_start(client: Client) -> str:
    start = client.post(SAML_LOGIN)
    assert start.status_code == 302, start
    return SamlIdentityProvider.request_id(start["Location"])


def saml_post(client: Client, saml_response: str):
    """The IdP's page POSTs the response to the ACS, which hands over to the finishing view."""
    acs = client.post(
        reverse("saml_acs", args=[SAML_SLUG]), {"SAMLResponse": saml_response, "RelayState": ""}
    )
    assert acs.status_code == 302
    return client.get(acs["Location"])


def saml_login(client: Client, idp: SamlIdentityProvider, attributes: dict, **spoil):
    sign_with_other_key = spoil.pop("sign_with_other_key", False)
    request_id = saml_start(client)
    parts = {"in_response_to": request_id, "acs_url": SAML_ACS_URL, **spoil}
    assertion = SamlAssertion(attributes=attributes, **parts)
    return saml_post(client, idp.response(assertion, sign_with_other_key=sign_with_other_key))
