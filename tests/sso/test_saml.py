"""Institutional login through SAML 2.0: responses signed in the test with a throw-away key
and POSTed to the assertion consumer service, as an identity provider's page would."""

import datetime as dt

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from website.accounts.models import AffiliationRequest, User

from .helpers import SAML_ACS_URL, SAML_LOGIN, saml_login, saml_post, saml_start
from .idp import SAML_IDP_SSO_URL, SamlAssertion

FISCAL_CODE = "RSSMRA80A01H501U"
ATTRIBUTES = {
    "fiscalNumber": f"TINIT-{FISCAL_CODE}",
    "name": "Mario",
    "familyName": "Rossi",
    "email": "mario.rossi@regione.test",
}
SIGNUP = reverse("socialaccount_signup")


def complete_profile(client, **data):
    return client.post(
        SIGNUP,
        {
            "first_name": "Mario",
            "last_name": "Rossi",
            "email": ATTRIBUTES["email"],
            "privacy_acknowledged": "on",
            **data,
        },
    )


def signed_in(client):
    return client.session.get(SESSION_KEY)


def test_the_login_button_sends_an_authn_request_to_the_idp(client, saml_idp, db):
    page = client.get(reverse("account_login"))
    assert "Accedi con SPID/CIE (test)" in page.text
    start = client.post(SAML_LOGIN)
    assert start.status_code == 302 and start["Location"].startswith(SAML_IDP_SSO_URL + "?")
    assert saml_idp.request_id(start["Location"])


def test_a_first_login_asks_for_the_affiliation_and_a_second_finds_the_account(
    client, saml_idp, org
):
    response = saml_login(client, saml_idp, ATTRIBUTES)
    assert response.status_code == 302 and response["Location"] == SIGNUP
    assert not User.objects.exists()
    assert "centre" in client.get(SIGNUP).context["form"].fields
    done = complete_profile(client, centre=org["sr2"].pk)
    assert done["Location"] == reverse("accounts:profile")
    person = User.objects.get()
    assert (person.first_name, person.fiscal_code) == ("Mario", FISCAL_CODE)
    assert SocialAccount.objects.get(user=person).uid == f"TINIT-{FISCAL_CODE}"
    assert AffiliationRequest.objects.get(person=person).status == "pending"

    client.logout()
    # SPID's NameID is transient: the fiscal number (the mapping's uid) finds the account.
    again = saml_login(client, saml_idp, ATTRIBUTES)
    assert again["Location"] == reverse("courses:dashboard")
    assert str(signed_in(client)) == str(person.pk)
    assert User.objects.count() == 1


def test_the_office_attribute_sets_the_centre(client, saml_idp, org):
    saml_login(client, saml_idp, {**ATTRIBUTES, "officeCode": "CPI-T-SR01"})
    complete_profile(client)
    person = User.objects.get()
    assert person.centre == org["sr1"]


def test_the_attribute_mapping_follows_the_settings(client, saml_idp, org, settings):
    app = saml_idp.app(
        attribute_mapping={
            "uid": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
            "first_name": "urn:oid:2.5.4.42",
            "last_name": "urn:oid:2.5.4.4",
            "email": "urn:oid:0.9.2342.19200300.100.1.3",
            "fiscal_code": "codiceFiscale",
        }
    )
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [app]}}
    saml_login(
        client,
        saml_idp,
        {
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "lverdi@regione.test",
            "urn:oid:2.5.4.42": "Lucia",
            "urn:oid:2.5.4.4": "Verdi",
            "urn:oid:0.9.2342.19200300.100.1.3": "lucia.verdi@regione.test",
            "codiceFiscale": "BNCGLI85M41F205B",
            "name": "Non questo",
        },
    )
    form = client.get(SIGNUP).context["form"]
    assert (form.initial["first_name"], form.initial["last_name"]) == ("Lucia", "Verdi")
    client.post(
        SIGNUP,
        {
            "first_name": "Lucia",
            "last_name": "Verdi",
            "email": "lucia.verdi@regione.test",
            "privacy_acknowledged": "on",
        },
    )
    person = User.objects.get()
    assert person.fiscal_code == "BNCGLI85M41F205B"
    assert SocialAccount.objects.get().uid == "lverdi@regione.test"


def _refused(client, response):
    assert response.status_code == 401
    assert "Accesso istituzionale non riuscito" in response.text
    assert "nessun account è stato creato" in response.text
    assert not signed_in(client)
    assert client.get(SIGNUP).status_code == 302  # nothing pending
    assert not User.objects.exists() and not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    "spoil",
    [
        {"audience": "https://altro-sito.test/metadata"},
        {"issuer": "https://idp-falso.test/saml"},
        {"not_on_or_after": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)},
        {"acs_url": "https://altro-sito.test/acs/"},
        {"sign_with_other_key": True},
    ],
    ids=["wrong-audience", "wrong-issuer", "expired", "wrong-recipient", "forged-signature"],
)
def test_a_spoiled_assertion_is_refused(client, saml_idp, org, spoil):
    _refused(client, saml_login(client, saml_idp, ATTRIBUTES, **spoil))


def test_an_assertion_changed_after_signing_is_refused(client, saml_idp, org):
    request_id = saml_start(client)
    signed = saml_idp.response(
        SamlAssertion(in_response_to=request_id, acs_url=SAML_ACS_URL, attributes=ATTRIBUTES)
    )
    tampered = saml_idp.tamper(signed, "mario.rossi@regione.test", "capo@regione.test")
    _refused(client, saml_post(client, tampered))


def test_an_unsolicited_response_is_refused(client, saml_idp, org):
    """A response to no request of this site (IdP-initiated, or replayed) is not accepted."""
    response = saml_post(
        client,
        saml_idp.response(
            SamlAssertion(in_response_to="", acs_url=SAML_ACS_URL, attributes=ATTRIBUTES)
        ),
    )
    assert response.status_code == 401
    assert not User.objects.exists() and not signed_in(client)


def test_garbage_is_refused(client, saml_idp, org):
    saml_start(client)
    _refused(client, saml_post(client, "bm90IHhtbA=="))
