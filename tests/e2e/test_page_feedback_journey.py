"""'Questa pagina ti è stata utile?' in a real browser: an anonymous visitor answers No with a
comment on a press review without JavaScript (a wrong answer explained first), another answers
in place with JavaScript on a list page, and an editor finds both in the report and its CSV."""

import pytest
from playwright.sync_api import expect

from demo.cms import EDITOR_EMAIL
from demo.organisation import DEMO_PASSWORD
from website.cms.models import PageFeedback, PressReviewIndexPage, PressReviewPage

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser

COMMENT = "Manca il link all'articolo del Sole 24 Ore."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded(demo_db, live_url):
    # The demo holds readers' answers already; this journey counts its own.
    PageFeedback.objects.all().delete()
    return live_url


def test_a_visitor_answers_no_with_a_comment_and_an_editor_reads_it(seeded, browser, new_page):
    review = PressReviewPage.objects.live().first()

    # Without JavaScript: a plain form post, and back to the page.
    context = browser.new_context(base_url=seeded, java_script_enabled=False, locale="it-IT")
    context.set_default_timeout(15_000)
    visitor = context.new_page()
    visitor.goto(review.url)
    widget = visitor.locator("#pagina-utile")
    assert widget.get_by_role("heading").inner_text() == "Questa pagina ti è stata utile?"
    widget.get_by_role("button", name="Invia la risposta").click()
    summary = visitor.locator("#pagina-utile .form-error-summary")
    assert "Rispondi sì o no." in summary.inner_text()
    assert summary.get_by_role("link", name="La tua risposta").get_attribute("href") == (
        "#feedback_useful"
    )
    assert not PageFeedback.objects.exists()
    widget = visitor.locator("#pagina-utile")
    widget.get_by_text("No", exact=True).click()
    widget.get_by_label("Che cosa possiamo migliorare? (facoltativo)").fill(COMMENT)
    widget.get_by_role("button", name="Invia la risposta").click()
    assert visitor.url.endswith(f"{review.url}?risposta=1#pagina-utile")
    assert "la tua risposta è stata registrata" in visitor.locator("#pagina-utile").inner_text()
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.useful, feedback.comment) == (review.pk, False, COMMENT)
    context.close()

    # With JavaScript, on the section's list: the same form, accessible, before and after.
    reader = new_page(width=375)
    index = PressReviewIndexPage.objects.get()
    reader.goto(index.url)
    assert_accessible(reader)
    assert reader.evaluate("document.documentElement.scrollWidth") <= 375
    reader.locator("#pagina-utile").get_by_text("Sì", exact=True).click()
    reader.locator("#pagina-utile").get_by_role("button", name="Invia la risposta").click()
    # With JavaScript the answer is sent in the background and the thank-you note takes the
    # form's place, focused so that a screen reader says it.
    note = reader.locator("#pagina-utile [role=status]")
    expect(note).to_contain_text("la tua risposta è stata registrata")
    expect(note).to_be_focused()
    assert reader.url.endswith(index.url)
    assert_accessible(reader)
    assert PageFeedback.objects.get(page=index).useful is True
    assert reader.javascript_errors == []

    # The editor's report: the press review's No, its comment, and the CSV.
    desk = new_page()
    login(desk, EDITOR_EMAIL, DEMO_PASSWORD)
    desk.goto("/admin/valutazioni/")
    row = desk.get_by_role("row").filter(has_text=review.title)
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert cells[1:5] == ["0", "1", "0%", "1"] and cells[6] == COMMENT
    assert_accessible(desk, context="main")
    row.get_by_role("link", name=review.title).click()
    desk.wait_for_url(f"**/admin/valutazioni/pagina/{review.pk}/")
    answers = desk.get_by_role("table", name="Risposte e commenti, dalla più recente")
    assert COMMENT in answers.inner_text() and "No" in answers.inner_text()
    csv = desk.request.get("/admin/valutazioni/?formato=csv").body().decode("utf-8-sig")
    assert COMMENT in csv and review.title in csv
    assert desk.javascript_errors == []
