"""The web channel in a real browser: the editorial workflow from draft to feed, event
registration, and axe-core on the channel's pages (readers' answers to "Questa pagina ti è
stata utile?" have their own journey, test_page_feedback_journey.py)."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from tests.cms.factories import area
from tests.conftest import PASSWORD
from website.accounts.roles import Role
from website.cms.models import (
    EventPage,
    NewsIndexPage,
    NewsPage,
    RegulationPage,
)

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_editor_submits_the_editor_in_chief_approves_and_readers_find_the_news(
    live_url, new_page, make_user
):
    topic = area()
    editor = make_user(role=Role.EDITOR, email="redattrice@example.org")
    chief = make_user(role=Role.EDITOR_IN_CHIEF, email="caporedattrice@example.org")

    writer = new_page()
    login(writer, editor.email, PASSWORD)
    writer.goto(f"/admin/pages/add/cms/newspage/{NewsIndexPage.objects.get().pk}/")
    writer.locator("#id_title").fill("Nuovi orari dello sportello")
    writer.locator("#id_intro").fill("Dal lunedì lo sportello apre alle otto e trenta.")
    writer.locator("[data-streamfield-stream-container] button").first.click()
    writer.get_by_text("Paragrafo", exact=True).click()
    editor_box = writer.locator("[data-streamfield-stream-container] [contenteditable=true]").first
    editor_box.click()
    editor_box.press_sequentially("Gli appuntamenti del pomeriggio restano invariati.")
    # Draftail writes the text into the form's hidden field a moment after typing stops.
    expect(writer.locator('input[name="body-0-value"]')).to_have_value(
        re.compile("restano invariati")
    )
    writer.get_by_label(topic.name).check()
    writer.get_by_role("button", name="Altre azioni").click()
    assert not writer.get_by_role("button", name="Pubblica").is_visible()
    writer.get_by_role("button", name="Invia a Caporedazione").click()
    writer.wait_for_load_state()
    assert "inviata per moderazione" in writer.inner_text(".messages")
    news = NewsPage.objects.get(title="Nuovi orari dello sportello")
    assert not news.live
    draft = news.get_latest_revision_as_object()
    assert "restano invariati" in str(draft.body) and list(draft.thematic_areas.all()) == [topic]

    reader = new_page()
    reader.goto("/notizie/")
    assert "Nuovi orari dello sportello" not in reader.inner_text("main")

    reviewer = new_page()
    login(reviewer, chief.email, PASSWORD)
    reviewer.goto("/admin/")
    reviewer.get_by_role("link", name="Nuovi orari dello sportello").first.click()
    reviewer.get_by_role("button", name="Altre azioni").click()
    reviewer.get_by_role("button", name="Approva e Pubblica").click()
    reviewer.wait_for_load_state()
    news.refresh_from_db()
    assert news.live

    reader.goto("/notizie/")
    reader.get_by_role("link", name="Nuovi orari dello sportello").click()
    assert "Gli appuntamenti del pomeriggio restano invariati" in reader.inner_text("main")
    assert "Ultimo aggiornamento" in reader.inner_text("main")
    reader.goto("/")
    reader.locator("#header-search-input").fill("sportello pomeriggio")
    reader.locator("#header-search-input").press("Enter")
    reader.wait_for_url("**/cerca/?q=*")
    assert reader.get_by_role("link", name="Nuovi orari dello sportello").is_visible()
    feed = feedparser.parse(reader.request.get("/feed/notizie/rss/").body())
    assert not feed.bozo
    assert feed.entries[0].title == "Nuovi orari dello sportello"
    assert feed.entries[0].link.endswith("/notizie/nuovi-orari-dello-sportello/")
    area_feed = feedparser.parse(reader.request.get(f"/feed/aree/{topic.slug}/atom/").body())
    assert [entry.title for entry in area_feed.entries] == ["Nuovi orari dello sportello"]
    assert writer.javascript_errors == [] and reviewer.javascript_errors == []
    # Leave the admin, whose editor keeps pinging the server while open.
    for admin_page in (writer, reviewer):
        admin_page.goto("/")


@pytest.fixture
def seeded(demo_db, live_url):
    return live_url


def test_the_channels_pages_pass_axe_and_fit_small_screens(seeded, new_page):
    news = NewsPage.objects.get(slug="livelli-essenziali-delle-prestazioni")
    act = RegulationPage.objects.get(slug="dlgs-150-2015")
    event = EventPage.objects.get(scope="workshop")
    pages = [
        "/",
        "/notizie/",
        "/notizie/?area=politiche-attive&anno=duemila",
        news.url,
        "/normativa/",
        act.url,
        "/cerca/?q=patto+di+servizio",
        "/rassegna-stampa/rassegna-settimana-formazione/",
        "/documenti/",
        event.url,
        "/buone-pratiche/agenda-condivisa-appuntamenti/",
        "/eventi/",
    ]
    for width in (1280, 320):
        page = new_page(width=width)
        for url in pages:
            page.goto(url)
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
        assert page.javascript_errors == []


def test_a_person_registers_for_the_workshop(seeded, page):
    event = EventPage.objects.get(scope="workshop")
    page.goto(event.url)
    page.get_by_role("link", name="Accedi per iscriverti").click()
    page.get_by_label("Email").fill("operatore@aula.example")
    page.get_by_label("Password").fill("aula-demo-2026")
    page.locator("main form").get_by_role("button", name="Accedi").click()
    page.wait_for_url(f"**{event.url}")
    assert "Restano 28 posti su 30." in page.inner_text("main")
    page.get_by_role("button", name="Iscriviti all'evento").click()
    assert "Iscrizione confermata" in page.inner_text("main")
    assert "Restano 27 posti su 30." in page.inner_text("main")
    assert_accessible(page)
