"""Two factors in a real browser: a training manager must activate an app, then logs in
with its code; the pages pass axe and run under the enforced Content-Security-Policy."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.conftest import PASSWORD

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_training_manager_activates_an_app_and_logs_in_with_its_code(
    new_page, live_url, training_manager, settings
):
    settings.AULA_MFA_REQUIRED_ROLES = ["training_manager"]

    page = new_page()
    login(page, training_manager.email, PASSWORD)
    # Sent to activation, which first asks for the password again.
    page.wait_for_url("**/account/reauthenticate/**")
    page.locator("main input[type=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/2fa/totp/activate/")
    assert_accessible(page)

    page.goto("/admin/")
    page.wait_for_url("**/account/2fa/totp/activate/")  # still not past the requirement
    assert page.get_by_text("Il tuo ruolo richiede l'autenticazione a due fattori").count() == 1
    # Each visit of the page offers a new secret: the one shown now is the one to enrol.
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16

    page.locator("main input[name=code]").fill("000000")
    page.locator("main form button[type=submit]").click()
    page.locator("main .invalid-feedback").wait_for()  # refused, the same page again
    assert not Authenticator.objects.filter(user=training_manager).exists()
    page.locator("main input[name=code]").fill(current_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/2fa/recovery-codes/")
    assert_accessible(page)
    assert Authenticator.objects.filter(user=training_manager).count() == 2
    page.goto("/admin/")
    assert "/admin/" in page.url

    # A new browser: the password, then the app's code.
    again = new_page()
    login(again, training_manager.email, PASSWORD)
    again.wait_for_url("**/account/2fa/authenticate/")
    assert_accessible(again)
    again.locator("main input[name=code]").fill(current_code(secret))
    again.locator("main form").get_by_role("button", name="Accedi").click()
    again.wait_for_url("**/la-mia-formazione/")
    again.goto("/admin/")
    assert again.url.endswith("/admin/")
    assert page.javascript_errors == again.javascript_errors == []
