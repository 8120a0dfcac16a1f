"""What a newcomer met, walked again in a real browser (issue 18).

The whole web channel is in the main menu, each section marked as the current
one with one breadcrumb trail; logging in from the home page lands on "La mia
formazione"; refusing a request asks for a reason and a confirmation; "not
found" is the site's own page, in both languages.
"""

import pytest

from tests.cms.factories import make_press_review
from tests.conftest import PASSWORD
from website.accounts import services as accounts_services
from website.accounts.models import AffiliationRequest

from .helpers import assert_accessible, in_thread, login

pytestmark = pytest.mark.browser

SECTIONS = [
    ("Rassegna stampa", "/rassegna-stampa/"),
    ("Documenti", "/documenti/"),
    ("Eventi", "/eventi/"),
    ("Buone pratiche", "/buone-pratiche/"),
    ("Verifica attestato", "/attestati/verifica/"),
]


def test_every_section_is_reachable_from_the_menu_with_one_trail(page, live_url):
    review = make_press_review()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Menu principale")
    for label, path in SECTIONS:
        menu.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**{path}")
        current = menu.locator('a[aria-current="page"]')
        assert current.count() == 1 and current.inner_text().strip() == label
        trail = page.get_by_role("navigation", name="Percorso di navigazione")
        assert trail.count() == 1
        assert trail.locator('[aria-current="page"]').inner_text().strip() == label
        assert_accessible(page)
    page.goto(review.url)
    assert menu.locator('a[aria-current="true"]').inner_text().strip() == "Rassegna stampa"
    trail = page.get_by_role("navigation", name="Percorso di navigazione")
    trail.get_by_role("link", name="Rassegna stampa").click()
    page.wait_for_url("**/rassegna-stampa/")
    assert not page.javascript_errors


def test_logging_in_from_the_home_page_lands_on_my_training(page, live_url, operator):
    page.goto("/")
    page.get_by_role("link", name="Accedi").click()
    page.get_by_label("Email").fill(operator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Accedi").click()
    page.wait_for_url("**/la-mia-formazione/")
    assert page.get_by_role("heading", name="La mia formazione").first.is_visible()
    assert_accessible(page)


def test_not_found_is_the_sites_own_page_in_both_languages(page, live_url):
    response = page.goto("/non-esiste/")
    assert response.status == 404
    assert "Pagina non trovata" in page.inner_text("main")
    assert_accessible(page)
    page.locator(".language-switcher").get_by_role("button", name="EN").click()
    page.goto("/non-esiste/")
    assert "Page not found" in page.inner_text("main")


def test_refusing_a_request_asks_for_a_reason_and_a_confirmation(
    page, live_url, org, centre_manager, make_user, mailoutbox
):
    person = make_user(first_name="Marta", last_name="Lo Presti")
    request = in_thread(accounts_services.affiliation_request, person=person, centre=org["pa1"])
    login(page, centre_manager.email, PASSWORD)
    page.goto("/profilo/richieste-centro/")
    page.locator("main label", has_text="Respingi").first.click()
    page.get_by_label("Motivo del rifiuto").fill("Non risulta nell'organico del centro.")
    page.get_by_role("button", name="Registra la decisione").first.click()
    page.wait_for_load_state()
    assert "conferma il rifiuto" in page.inner_text("main")
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == AffiliationRequest.Status.PENDING
    page.locator("main label", has_text="Respingi").first.click()
    page.get_by_label("Motivo del rifiuto").fill("Non risulta nell'organico del centro.")
    page.locator("main label", has_text="Confermo il rifiuto").first.click()
    page.get_by_role("button", name="Registra la decisione").first.click()
    page.wait_for_load_state()
    assert "respinta" in page.inner_text("main")
    request.refresh_from_db()
    assert request.status == AffiliationRequest.Status.REFUSED
    assert any("Non risulta nell'organico" in message.body for message in mailoutbox)
