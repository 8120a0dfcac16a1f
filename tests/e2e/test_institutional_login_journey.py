"""Institutional login in a real browser, against an OpenID Connect provider the test starts
on the loopback: the first login asks for the affiliation and creates the account, the
second finds it. The login button's redirect to the provider runs under the enforced
Content-Security-Policy (its form-action names the provider's origin)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.sso.idp import OidcProvider
from website.accounts.models import AffiliationRequest, User

from .helpers import assert_accessible

pytestmark = pytest.mark.browser

PERSON = {
    "sub": "regione-7781",
    "given_name": "Giulia",
    "family_name": "Ferraro",
    "email": "giulia.ferraro@regione.test",
    "email_verified": True,
    "fiscal_number": "TINIT-FRRGLI85M41F205V",
}


@pytest.fixture
def oidc_idp(settings):
    provider = OidcProvider().start()
    provider.person = PERSON
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [provider.app()]}}
    yield provider
    provider.stop()


def press_institutional_login(page):
    page.goto("/account/login/")
    button = page.get_by_role("button", name="Accedi con Regione Test")
    button.focus()
    page.keyboard.press("Enter")  # reachable from the keyboard
    page.wait_for_load_state()


def test_first_login_asks_for_the_centre_and_the_second_finds_the_account(
    new_page, live_url, org, oidc_idp
):
    page = new_page()
    page.goto("/account/login/")
    assert page.get_by_role("heading", name="Accesso istituzionale").count() == 1
    assert_accessible(page)

    press_institutional_login(page)
    page.wait_for_url("**/account/3rdparty/signup/")
    assert page.get_by_role("heading", name="Primo accesso").count() == 1
    assert page.get_by_label("Cognome").input_value() == "Ferraro"
    assert page.get_by_label("Email").input_value() == PERSON["email"]
    assert_accessible(page)
    page.get_by_label("Centro per l'impiego").select_option(
        label="CPI Palermo Centro (Palermo Città)"
    )
    page.locator("label[for=id_privacy_acknowledged]").click(position={"x": 8, "y": 12})
    page.locator("main form").get_by_role("button", name="Completa il profilo").click()
    page.wait_for_url("**/profilo/")
    assert "attende la conferma" in page.inner_text("main")
    assert_accessible(page)

    person = User.objects.get(email=PERSON["email"])
    assert person.fiscal_code == "FRRGLI85M41F205V"
    assert person.affiliation_requests.get().status == AffiliationRequest.Status.PENDING
    assert SocialAccount.objects.get(user=person).uid == PERSON["sub"]

    # Log out, then in again with the same button: the same account, straight to the dashboard.
    page.goto("/account/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    press_institutional_login(page)
    page.wait_for_url("**/la-mia-formazione/**")
    assert User.objects.count() == 1
    assert "Giulia" in page.inner_text("header")
    assert not page.javascript_errors


def test_a_refused_token_shows_a_clear_message(new_page, live_url, org, oidc_idp):
    oidc_idp.id_token_overrides = {"aud": "un-altro-sito"}
    page = new_page()
    press_institutional_login(page)
    page.wait_for_url("**/account/oidc/regione/login/callback/**")
    assert page.get_by_role("heading", name="Accesso istituzionale non riuscito").count() == 1
    assert "nessun account è stato creato" in page.inner_text("main")
    assert_accessible(page)
    assert not User.objects.exists()
