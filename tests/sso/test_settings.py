"""Institutional login's configuration: the environment builds allauth's apps, the CSP
follows them, and the fiscal code is checked."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from website.accounts import fiscal_code
from website.accounts.models import User
from website.settings import sso

CERT = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"


@pytest.fixture
def environment(monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith(("AULA_OIDC_", "AULA_SAML_", "AULA_SSO_")):
            monkeypatch.delenv(name)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return environ.Env()

    return set_env


def test_nothing_configured_nothing_built(environment):
    assert sso.providers(environment()) == {}


def test_openid_connect_from_the_environment(environment):
    env = environment(
        AULA_OIDC_SERVER_URL="https://login.regione.example.it/realms/pa",
        AULA_OIDC_CLIENT_ID="aula",
        AULA_OIDC_CLIENT_SECRET="s3cret",
        AULA_OIDC_NAME="Regione Siciliana",
        AULA_OIDC_ATTRIBUTES="fiscal_code=codice_fiscale,office=ufficio",
        AULA_OIDC_FORM_ACTION="https://spid-broker.regione.example.it/auth",
    )
    app = sso.providers(env)["openid_connect"]["APPS"][0]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        "regione",
        "Regione Siciliana",
        "aula",
        "s3cret",
    )
    settings = app["settings"]
    assert settings["server_url"] == "https://login.regione.example.it/realms/pa"
    assert settings["attribute_mapping"] == {
        "first_name": "given_name",
        "last_name": "family_name",
        "email": "email",
        "fiscal_code": "codice_fiscale",
        "office": "ufficio",
    }
    assert settings["verified_email"] is True and settings["email_authentication"] is False
    assert settings["form_action"] == [
        "https://login.regione.example.it",
        "https://spid-broker.regione.example.it",
    ]


def test_saml_from_the_environment(environment):
    env = environment(
        AULA_SAML_IDP_ENTITY_ID="https://idp.regione.example.it/saml",
        AULA_SAML_IDP_SSO_URL="https://idp.regione.example.it/sso/redirect",
        AULA_SAML_IDP_X509_CERT=CERT,
        AULA_SAML_SP_ENTITY_ID="https://aula.example.it/saml",
        AULA_SAML_ATTRIBUTES="uid=fiscalNumber,office=codiceUfficio",
        AULA_SSO_CONNECT_BY_EMAIL="true",
    )
    app = sso.providers(env)["saml"]["APPS"][0]
    assert app["client_id"] == "idp"
    settings = app["settings"]
    assert settings["idp"]["x509cert"].startswith("-----BEGIN CERTIFICATE-----\nMIIB\n")
    assert settings["sp"] == {"entity_id": "https://aula.example.it/saml"}
    assert settings["advanced"]["want_assertion_signed"] is True
    assert settings["advanced"]["reject_idp_initiated_sso"] is True
    assert settings["attribute_mapping"]["uid"] == "fiscalNumber"
    assert settings["attribute_mapping"]["fiscal_code"] == "fiscalNumber"
    assert settings["attribute_mapping"]["office"] == "codiceUfficio"
    assert settings["email_authentication"] is True
    assert settings["form_action"] == ["https://idp.regione.example.it"]


def test_an_unknown_attribute_name_is_refused_naming_the_variable(environment):
    env = environment(
        AULA_OIDC_SERVER_URL="https://login.example.it",
        AULA_OIDC_CLIENT_ID="aula",
        AULA_OIDC_ATTRIBUTES="codice=cf",
    )
    with pytest.raises(ImproperlyConfigured, match="AULA_OIDC_ATTRIBUTES"):
        sso.providers(env)


@pytest.mark.parametrize(
    "variables, named",
    [
        ({"AULA_OIDC_SERVER_URL": "https://login.example.it"}, "AULA_OIDC_CLIENT_ID"),
        ({"AULA_SAML_IDP_ENTITY_ID": "https://idp.example.it"}, "AULA_SAML_IDP_X509_CERT"),
        (
            {
                "AULA_SAML_IDP_ENTITY_ID": "https://idp.example.it",
                "AULA_SAML_IDP_SSO_URL": "https://idp.example.it/sso",
            },
            "AULA_SAML_IDP_X509_CERT",
        ),
    ],
)
def test_half_a_configuration_is_refused_naming_the_variable(environment, variables, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        sso.providers(environment(**variables))


def test_the_csp_lets_the_login_form_reach_the_configured_providers(client, db, settings):
    page = client.get(reverse("account_login"))
    assert "form-action 'self';" in page["Content-Security-Policy"] + ";"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "regione",
                    "name": "Regione",
                    "client_id": "aula",
                    "settings": {
                        "server_url": "https://login.regione.example.it",
                        "form_action": ["https://login.regione.example.it"],
                    },
                }
            ]
        }
    }
    header = client.get(reverse("account_login"))["Content-Security-Policy"]
    directive = next(d.strip() for d in header.split(";") if "form-action" in d)
    assert directive == "form-action 'self' https://login.regione.example.it"
    # The rest of the policy is as strict as before.
    assert "script-src 'self'" in header


@pytest.mark.parametrize(
    "value, expected",
    [
        ("TINIT-RSSMRA80A01H501U", "RSSMRA80A01H501U"),
        (" rssmra80a01h501u ", "RSSMRA80A01H501U"),
        ("RSSMRA80A01H50MM", "RSSMRA80A01H50MM"),  # homonyms' letters in place of digits
    ],
)
def test_fiscal_codes_are_normalised_and_valid(value, expected):
    assert fiscal_code.normalise(value) == expected
    assert fiscal_code.is_valid(expected)


@pytest.mark.parametrize(
    "value", ["RSSMRA80A01H501X", "RSSMRA80Z01H501U", "RSSMRA80A01H501", "12345678901", "x" * 16]
)
def test_malformed_fiscal_codes_are_refused(value):
    assert not fiscal_code.is_valid(value)
    with pytest.raises(ValidationError, match="non è un codice fiscale valido"):
        fiscal_code.validate_fiscal_code(value)


def test_a_fiscal_code_is_unique_when_present(make_user):
    first = make_user()
    make_user()  # two empty ones are fine
    first.fiscal_code = "RSSMRA80A01H501U"
    first.full_clean()
    first.save()
    other = User(email="altro@example.org", fiscal_code="RSSMRA80A01H501U")
    with pytest.raises(ValidationError, match="Un altro account ha già questo codice fiscale"):
        other.full_clean(exclude=["password"])
