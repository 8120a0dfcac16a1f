"""A newcomer's first visit, in a real browser: sign up, verify, log in, profile, language, log out."""

import re

import pytest

from website.accounts.models import User

from .helpers import assert_accessible, last_email_link

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(demo_db, live_url):
    return live_url


def test_sign_up_verify_log_in_edit_profile_switch_language_and_log_out(
    page, seeded, mailoutbox, settings
):
    settings.SITE_URL = seeded  # the emails' links lead to the server under test
    page.goto("/")
    page.get_by_role("link", name="Accedi").click()
    page.get_by_role("link", name="Registrati").click()
    page.get_by_role("textbox", name="Nome", exact=True).fill("Lucia")
    page.get_by_label("Cognome").fill("Amato")
    page.get_by_label("Email").fill("lucia.amato@example.org")
    page.get_by_label("Centro per l'impiego").select_option(label="CPI Monreale (Palermo Città)")
    page.locator("#id_password1").fill("Orientamento-2026!")
    page.locator("#id_password2").fill("Orientamento-2026!")
    privacy = page.get_by_role("checkbox", name="Ho letto l'informativa")
    # Unticked, the form comes back with the reason and no account is made.
    page.locator("main form").get_by_role("button", name="Registrazione").click()
    assert "Per registrarti conferma di aver letto l'informativa" in page.inner_text("main")
    assert not User.objects.filter(email="lucia.amato@example.org").exists()
    notice = page.locator("label[for=id_privacy_acknowledged]").get_by_role("link")
    assert notice.get_attribute("href") == "/privacy/"
    page.locator("#id_password1").fill("Orientamento-2026!")
    page.locator("#id_password2").fill("Orientamento-2026!")
    # The box is drawn by the label (Bootstrap Italia), left of its text and link.
    page.locator("label[for=id_privacy_acknowledged]").click(position={"x": 8, "y": 12})
    assert privacy.is_checked()
    page.locator("main form").get_by_role("button", name="Registrazione").click()
    page.wait_for_url("**/account/confirm-email/")
    assert (
        "Verifica il tuo indirizzo email" in page.inner_text("main")
        or "verifica" in page.inner_text("main").lower()
    )

    link = last_email_link(mailoutbox, "/account/confirm-email/")
    page.goto(link)
    page.locator("main form").get_by_role("button", name="Conferma").click()
    # Verified and logged in, back where the visit started (the home page).
    assert "Ti sei collegato con successo come Lucia Amato" in page.inner_text("main")
    assert User.objects.get(email="lucia.amato@example.org").emailaddress_set.get().verified

    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Profilo").click()
    page.wait_for_url("**/profilo/")

    page.get_by_label("Qualifica").fill("Orientatrice")
    page.get_by_role("button", name="Salva il profilo").click()
    assert "Profilo aggiornato." in page.inner_text("main")
    assert User.objects.get(email="lucia.amato@example.org").job_title == "Orientatrice"

    page.locator(".language-switcher").get_by_role("button", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My profile").is_visible()
    page.locator(".language-switcher").get_by_role("button", name="IT").click()
    assert page.locator("html").get_attribute("lang") == "it"

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Esci").click()
    page.wait_for_url(re.compile(r".*/$"))
    assert page.get_by_role("link", name="Accedi").is_visible()

    # The new account now logs in through the form like anyone else.
    page.get_by_role("link", name="Accedi").click()
    page.get_by_label("Email").fill("lucia.amato@example.org")
    page.get_by_label("Password").fill("Orientamento-2026!")
    page.locator("main form").get_by_role("button", name="Accedi").click()
    # Back to the page where "Accedi" was followed, now logged in.
    page.wait_for_url(re.compile(r".*/$"))
    assert "Lucia Amato" in page.inner_text("header")
    assert page.javascript_errors == []


def test_demo_login_and_keyboard_navigation(page, seeded):
    page.goto("/account/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Vai al contenuto principale"
    page.get_by_label("Email").fill("operatore@aula.example")
    page.get_by_label("Password").fill("aula-demo-2026")
    page.get_by_label("Password").press("Enter")
    # A learner lands on their own training, not on the public home page.
    page.wait_for_url("**/la-mia-formazione/")
    assert "Giuseppe Bruno" in page.inner_text("header")


@pytest.mark.parametrize(
    "path", ["/", "/account/login/", "/account/signup/", "/mappa-del-sito/", "/privacy/"]
)
def test_axe_finds_nothing_on_public_pages(page, seeded, path):
    page.goto(path)
    assert_accessible(page)


def test_axe_finds_nothing_on_the_profile_page_and_its_errors(page, seeded):
    page.goto("/account/login/")
    page.get_by_label("Email").fill("operatore@aula.example")
    page.get_by_label("Password").fill("aula-demo-2026")
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/la-mia-formazione/")
    page.goto("/profilo/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Nome", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Salva il profilo").click()
    assert page.locator(".form-error-summary").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/account/login/", "/account/signup/"])
def test_pages_fit_a_320_pixel_screen(new_page, seeded, path):
    page = new_page(width=320, height=640)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
