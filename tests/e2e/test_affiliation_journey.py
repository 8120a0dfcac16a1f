"""Belonging to a centre, in a real browser: asked at sign-up, granted by the centre's manager.

Until the manager confirms, the newcomer's cluster forum is "not found" for them;
once confirmed, it opens.
"""

import pytest

from forums.models import Forum
from tests.conftest import PASSWORD
from website.accounts.models import AffiliationRequest, User

from .helpers import assert_accessible, last_email_link, login

pytestmark = pytest.mark.browser


def test_a_newcomer_asks_for_a_centre_and_its_manager_grants_it(
    new_page, live_url, org, centre_manager, mailoutbox, settings
):
    settings.SITE_URL = live_url  # the emails' links lead to the server under test
    cluster_forum = Forum.objects.get(cluster=org["north"]).get_absolute_url()

    newcomer = new_page()
    newcomer.goto("/account/signup/")
    newcomer.get_by_role("textbox", name="Nome", exact=True).fill("Marta")
    newcomer.get_by_label("Cognome").fill("Lo Presti")
    newcomer.get_by_label("Email").fill("marta.lopresti@example.org")
    newcomer.get_by_label("Centro per l'impiego").select_option(
        label="CPI Palermo Centro (Palermo Città)"
    )
    newcomer.locator("#id_password1").fill("Orientamento-2026!")
    newcomer.locator("#id_password2").fill("Orientamento-2026!")
    # The box is drawn by the label (Bootstrap Italia), left of its text and link.
    newcomer.locator("label[for=id_privacy_acknowledged]").click(position={"x": 8, "y": 12})
    assert newcomer.get_by_role("checkbox", name="Ho letto l'informativa").is_checked()
    newcomer.locator("main form").get_by_role("button", name="Registrazione").click()
    newcomer.wait_for_url("**/account/confirm-email/")
    newcomer.goto(last_email_link(mailoutbox, "/account/confirm-email/"))
    newcomer.locator("main form").get_by_role("button", name="Conferma").click()
    newcomer.wait_for_load_state()

    person = User.objects.get(email="marta.lopresti@example.org")
    assert person.centre is None
    assert person.affiliation_requests.get().status == AffiliationRequest.Status.PENDING

    response = newcomer.goto(cluster_forum)
    assert response.status == 404
    newcomer.goto("/profilo/")
    assert "attende la conferma" in newcomer.inner_text("main")
    assert_accessible(newcomer)

    manager = new_page()
    login(manager, centre_manager.email, PASSWORD)
    manager.goto("/profilo/richieste-centro/")
    assert "Marta Lo Presti" in manager.inner_text("main")
    assert_accessible(manager)
    manager.locator("main label", has_text="Conferma").first.click()
    manager.get_by_role("button", name="Registra la decisione").first.click()
    manager.wait_for_load_state()
    assert "Marta Lo Presti ora fa parte del CPI Palermo Centro." in manager.inner_text("main")
    assert "Nessuna richiesta in attesa." in manager.inner_text("main")

    person.refresh_from_db()
    assert person.centre == org["pa1"]
    response = newcomer.goto(cluster_forum)
    assert response.status == 200
    assert "Palermo Città" in newcomer.inner_text("main")
    assert not newcomer.javascript_errors and not manager.javascript_errors
