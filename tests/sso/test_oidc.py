"""Institutional login through OpenID Connect, against a provider the test starts on the loopback."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from website.accounts.models import AffiliationRequest, User

from .helpers import OIDC_LOGIN, oidc_login

FISCAL_CODE = "RSSMRA80A01H501U"
MARIO = {
    "sub": "regione-00042",
    "given_name": "Mario",
    "family_name": "Rossi",
    "email": "mario.rossi@regione.test",
    "email_verified": True,
    "fiscal_number": f"TINIT-{FISCAL_CODE}",
}
SIGNUP = reverse("socialaccount_signup")


def complete_profile(client, **data):
    form = {
        "first_name": "Mario",
        "last_name": "Rossi",
        "email": MARIO["email"],
        "privacy_acknowledged": "on",
        **data,
    }
    return client.post(SIGNUP, form)


def signed_in(client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def test_no_provider_configured_no_button(client, db):
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert "Accedi con" not in page.text
    assert "Accesso istituzionale" not in page.text
    assert client.post(OIDC_LOGIN).status_code == 404


def test_the_login_page_shows_the_providers_button(client, oidc_idp, db):
    page = client.get(reverse("account_login") + "?next=/profilo/")
    assert page.status_code == 200
    assert "Accedi con Regione Test" in page.text
    assert f'action="{OIDC_LOGIN}?process=login&amp;next=%2Fprofilo%2F"' in page.text
    assert 'aria-labelledby="institutional-login-title"' in page.text


def test_a_first_login_asks_for_the_affiliation_then_creates_the_account(
    client, oidc_idp, org, mailoutbox
):
    response = oidc_login(client, oidc_idp, MARIO)
    assert response.status_code == 302 and response["Location"] == SIGNUP
    assert not User.objects.filter(email=MARIO["email"]).exists()  # not before the form

    page = client.get(SIGNUP)
    assert page.status_code == 200
    assert "Primo accesso" in page.text and "Regione Test" in page.text
    form = page.context["form"]
    assert form.initial["first_name"] == "Mario" and form.initial["email"] == MARIO["email"]
    assert "centre" in form.fields and "privacy_acknowledged" in form.fields

    refused = complete_profile(client, privacy_acknowledged="")
    assert refused.status_code == 200 and "informativa" in refused.text
    assert not User.objects.filter(email=MARIO["email"]).exists()

    done = complete_profile(client, centre=org["pa1"].pk)
    assert done.status_code == 302 and done["Location"] == reverse("accounts:profile")
    person = User.objects.get(email=MARIO["email"])
    assert signed_in(client) == person
    assert (person.first_name, person.last_name, person.fiscal_code) == (
        "Mario",
        "Rossi",
        FISCAL_CODE,
    )
    assert person.privacy_acknowledged_at is not None and not person.has_usable_password()
    # The provider's address counts as verified: no confirmation e-mail.
    assert EmailAddress.objects.get(user=person).verified
    assert not mailoutbox or all("conferma" not in m.subject.lower() for m in mailoutbox)
    account = SocialAccount.objects.get(user=person)
    assert (account.provider, account.uid) == ("regione", MARIO["sub"])
    # The affiliation goes the usual way: a request the centre's manager decides.
    assert person.centre is None
    request = AffiliationRequest.objects.get(person=person)
    assert request.status == AffiliationRequest.Status.PENDING and request.centre == org["pa1"]
    assert "attende la conferma" in client.get(reverse("accounts:profile")).text


def test_a_second_login_finds_the_same_account(client, oidc_idp, org):
    oidc_login(client, oidc_idp, MARIO)
    complete_profile(client)
    person = User.objects.get(email=MARIO["email"])
    client.logout()

    # The provider's identifier finds the account, even when the address changed there.
    response = oidc_login(client, oidc_idp, {**MARIO, "email": "m.rossi@regione.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    assert signed_in(client) == person
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_a_second_login_keeps_the_next_address(client, oidc_idp, org):
    oidc_login(client, oidc_idp, MARIO)
    complete_profile(client)
    client.logout()
    response = oidc_login(client, oidc_idp, MARIO, next_url="/profilo/")
    assert response["Location"] == "/profilo/"


def test_an_office_code_sets_the_centre_without_asking(client, oidc_idp, org):
    oidc_login(client, oidc_idp, {**MARIO, "office_code": "cpi-t-pa02"})
    page = client.get(SIGNUP)
    assert "centre" not in page.context["form"].fields
    assert "CPI Monreale" in page.text
    complete_profile(client)
    person = User.objects.get(email=MARIO["email"])
    assert person.centre == org["pa2"]
    record = AffiliationRequest.objects.get(person=person)
    assert record.status == AffiliationRequest.Status.APPROVED
    assert record.decided_how == AffiliationRequest.How.IDENTITY_PROVIDER

    # The office moved at the Region: the next login brings it up to date.
    client.logout()
    oidc_login(client, oidc_idp, {**MARIO, "office_code": "CPI-T-SR01"})
    person.refresh_from_db()
    assert person.centre == org["sr1"]
    assert AffiliationRequest.objects.filter(person=person).count() == 2


def test_an_unknown_office_code_asks_for_the_centre(client, oidc_idp, org):
    oidc_login(client, oidc_idp, {**MARIO, "office_code": "CPI-NESSUNO"})
    assert "centre" in client.get(SIGNUP).context["form"].fields


def test_the_attribute_mapping_follows_the_settings(client, oidc_idp, org, settings):
    app = oidc_idp.app(
        attribute_mapping={
            "first_name": "nome",
            "last_name": "cognome",
            "email": "posta",
            "fiscal_code": "codice_fiscale",
            "office": "sede",
        }
    )
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [app]}}
    claims = {
        "sub": "x-1",
        "nome": "Lucia",
        "cognome": "Verdi",
        "posta": "lucia.verdi@regione.test",
        "codice_fiscale": "bncgli85m41f205b",
        "sede": "CPI-T-PA01",
        # The standard claims are not what the mapping names: ignored.
        "given_name": "Altro",
        "email": "altro@regione.test",
    }
    oidc_login(client, oidc_idp, claims)
    form = client.get(SIGNUP).context["form"]
    assert form.initial["first_name"] == "Lucia" and form.initial["last_name"] == "Verdi"
    assert form.initial["email"] == "lucia.verdi@regione.test"
    client.post(
        SIGNUP,
        {
            "first_name": "Lucia",
            "last_name": "Verdi",
            "email": "lucia.verdi@regione.test",
            "privacy_acknowledged": "on",
        },
    )
    person = User.objects.get(email="lucia.verdi@regione.test")
    assert person.fiscal_code == "BNCGLI85M41F205B" and person.centre == org["pa1"]
    assert EmailAddress.objects.get(user=person, email="lucia.verdi@regione.test").verified


def test_an_invalid_fiscal_code_is_not_stored(client, oidc_idp, org):
    oidc_login(client, oidc_idp, {**MARIO, "fiscal_number": "RSSMRA80A01H501X"})
    complete_profile(client)
    assert User.objects.get(email=MARIO["email"]).fiscal_code == ""


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "http://127.0.0.1:1/altro"},
        {"aud": "another-client"},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
    ],
    ids=["wrong-issuer", "wrong-audience", "expired"],
)
def test_a_broken_id_token_is_refused(client, oidc_idp, org, overrides):
    oidc_idp.id_token_overrides = overrides
    response = oidc_login(client, oidc_idp, MARIO)
    assert response.status_code == 401
    assert "Accesso istituzionale non riuscito" in response.text
    assert "nessun account è stato creato" in response.text
    assert signed_in(client) is None
    assert client.get(SIGNUP).status_code == 302  # no sign-up pending either
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_forged_callback_is_refused(client, oidc_idp, org):
    client.post(OIDC_LOGIN)
    response = client.get("/account/oidc/regione/login/callback/?code=forged&state=forged")
    assert "Accesso istituzionale non riuscito" in response.text
    assert not User.objects.exists()


def test_an_existing_local_account_is_not_taken_over(client, oidc_idp, make_user):
    local = make_user(email=MARIO["email"])
    response = oidc_login(client, oidc_idp, MARIO)
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    page = client.get(reverse("account_login"))
    assert "Esiste già un account con l&#x27;indirizzo comunicato da Regione Test" in page.text
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists() and User.objects.get() == local


def test_the_connection_by_email_when_the_settings_allow_it(client, oidc_idp, make_user, settings):
    app = oidc_idp.app(email_authentication=True)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [app]}}
    local = make_user(email=MARIO["email"])
    response = oidc_login(client, oidc_idp, MARIO)
    assert response.status_code == 302
    assert signed_in(client) == local
    assert SocialAccount.objects.get().user == local
    local.refresh_from_db()
    assert local.fiscal_code == FISCAL_CODE


def test_a_fiscal_code_another_account_holds_is_refused(client, oidc_idp, make_user):
    make_user(email="altra@example.org", fiscal_code=FISCAL_CODE)
    response = oidc_login(client, oidc_idp, MARIO)
    assert response["Location"] == reverse("account_login")
    assert (
        "Il codice fiscale comunicato da Regione Test appartiene"
        in client.get(reverse("account_login")).text
    )
    assert User.objects.count() == 1 and not SocialAccount.objects.exists()


def test_two_factors_still_apply(client, oidc_idp, make_user):
    from allauth.mfa.totp.internal.auth import TOTP

    person = make_user(email=MARIO["email"])
    SocialAccount.objects.create(user=person, provider="regione", uid=MARIO["sub"])
    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    response = oidc_login(client, oidc_idp, MARIO)
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in(client) is None


def test_a_required_second_factor_is_asked_after_an_institutional_login(
    client, oidc_idp, training_manager, settings
):
    settings.AULA_MFA_REQUIRED_ROLES = ["training_manager"]
    SocialAccount.objects.create(user=training_manager, provider="regione", uid="tm-1")
    oidc_login(client, oidc_idp, {**MARIO, "sub": "tm-1", "email": training_manager.email})
    assert signed_in(client) == training_manager
    response = client.get(reverse("courses:dashboard"))
    assert response["Location"] == reverse("mfa_activate_totp")
