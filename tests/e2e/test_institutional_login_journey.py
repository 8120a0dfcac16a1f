"""Institutional login in a real browser, against an OpenID Connect provider and a SAML
identity provider's page the test starts on the loopback: the first login asks for the
affiliation (or takes the office the provider sends) and creates the account, the second
finds it. The login button's redirect to the provider runs under the enforced
Content-Security-Policy (its form-action names the provider's origin)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.sso.idp import SAML_SLUG, OidcProvider, SamlAssertion, SamlIdentityProvider
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


class SamlIdpPage:
    """The SAML identity provider's side on the loopback: its SSO address answers the site's
    AuthnRequest with a page whose button POSTs the signed response to the site's ACS."""

    def __init__(self, acs_url: str):
        self.idp = SamlIdentityProvider()
        self.attributes: dict[str, str] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                request_id = owner.idp.request_id(self.path)
                response = owner.idp.response(
                    SamlAssertion(
                        in_response_to=request_id, acs_url=acs_url, attributes=owner.attributes
                    )
                )
                body = (
                    '<!doctype html><html lang="it"><head><title>IdP di prova</title></head>'
                    f'<body><main><form method="post" action="{acs_url}">'
                    f'<input type="hidden" name="SAMLResponse" value="{response}">'
                    '<input type="hidden" name="RelayState" value="">'
                    "<button type=submit>Continua</button></form></main></body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def app(self):
        app = self.idp.app(form_action=[self.origin])
        app["settings"]["idp"]["sso_url"] = f"{self.origin}/sso"
        return app

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def saml_idp(settings, live_url):
    page = SamlIdpPage(f"{live_url}/account/saml/{SAML_SLUG}/acs/")
    page.attributes = {
        "fiscalNumber": "TINIT-FRRGLI85M41F205V",
        "name": "Giulia",
        "familyName": "Ferraro",
        "email": "giulia.ferraro@regione.test",
        "officeCode": "CPI-T-PA02",
    }
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [page.app()]}}
    yield page
    page.stop()


def test_saml_first_login_takes_the_office_from_the_idp_and_the_second_finds_the_account(
    new_page, live_url, org, saml_idp
):
    page = new_page()
    page.goto("/account/login/")
    page.get_by_role("button", name="Accedi con SPID/CIE (test)").click()
    page.wait_for_url(f"{saml_idp.origin}/sso?**")
    page.get_by_role("button", name="Continua").click()
    page.wait_for_url("**/account/3rdparty/signup/")
    assert "CPI Monreale" in page.inner_text("main")  # sent by the IdP, not asked
    assert page.get_by_label("Centro per l'impiego").count() == 0
    assert_accessible(page)
    page.locator("label[for=id_privacy_acknowledged]").click(position={"x": 8, "y": 12})
    page.locator("main form").get_by_role("button", name="Completa il profilo").click()
    page.wait_for_url("**/profilo/")
    person = User.objects.get(email="giulia.ferraro@regione.test")
    assert person.centre == org["pa2"] and person.fiscal_code == "FRRGLI85M41F205V"

    page.goto("/account/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/account/login/")
    page.get_by_role("button", name="Accedi con SPID/CIE (test)").click()
    page.wait_for_url(f"{saml_idp.origin}/sso?**")
    page.get_by_role("button", name="Continua").click()
    page.wait_for_url("**/la-mia-formazione/**")
    assert User.objects.count() == 1
    assert not page.javascript_errors
