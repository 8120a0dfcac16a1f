"""Reports and the register on paper, in Chromium: what a funder gets from the browser's Print.

The pages are printed to PDF as the browser prints them (print media, the page's @page
rules) and each sheet's text is read back: the site's chrome and the Wagtail user bar are
gone, every sheet says which report or which edition and day it belongs to, and the
register's first sheet is not a near-empty cover.
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from courses.models import Course, Edition, Programme
from tests.conftest import PASSWORD
from tests.courses.factories import add_days
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser

PEOPLE = 32  # more than one landscape sheet holds: each day runs over several sheets


@pytest.fixture
def printed_edition(live_url, org, make_user, place):
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano stampabile",
        slug="piano-stampabile",
        region=org["region"],
        funder="Fondo di prova",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=60),
    )
    course = Course.objects.create(
        programme=programme, code="UD7", title="Colloquio di orientamento", slug="ud7"
    )
    edition = Edition.objects.create(
        course=course,
        code="UD7-PA-01",
        cluster=org["north"],
        venue_name="Aula formazione",
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=9),
        status=Edition.Status.SCHEDULED,
    )
    add_days(edition, today - timedelta(days=10), 2)
    for number in range(PEOPLE):
        person = make_user(centre=org["pa1"], last_name=f"Cognome{number:02d}", first_name="Lia")
        place(person, edition)
    return edition


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_register_and_the_report_on_paper(new_page, printed_edition, make_user):
    manager = make_user(role=Role.TRAINING_MANAGER, email="stampa@example.org")
    page = new_page()
    login(page, manager.email, PASSWORD)

    page.goto("/report/edizioni/UD7-PA-01/registro/")
    assert page.locator("wagtail-userbar").count() == 1
    assert page.locator(".it-header-wrapper").is_visible()
    assert not page.locator(".register-running-header").first.is_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator("wagtail-userbar").is_visible()
    assert not page.locator(".it-header-wrapper").is_visible()
    assert not page.locator(".it-footer").is_visible()
    assert not page.locator(".breadcrumb-container").is_visible()
    headers = page.locator(".register-running-header")
    assert headers.count() == 2
    assert headers.first.is_visible()
    assert "Giornata 1" in headers.first.inner_text()

    sheets = _pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert len(sheets) >= 5  # two days over several sheets each, and the summary
    # The first sheet carries the edition's facts and the first day, not the facts alone.
    assert "Piano formativo" in sheets[0] and "Giornata 1" in sheets[0]
    assert "Cognome00" in sheets[0]
    for number, text in enumerate(sheets, start=1):
        # The margin box names the edition, the repeated header row the day.
        assert "Registro UD7-PA-01" in text, (number, text)
        assert "Pagina" in text
        assert "Accedi" not in text and "Area riservata" not in text
    day_sheets = [text for text in sheets if "Firma di entrata" in text]
    assert len(day_sheets) >= 4
    assert all("Giornata" in text for text in day_sheets)
    # The summary's totals close the grid once, not at the foot of every sheet.
    assert sum("Da segnare" in text for text in sheets) == 1
    assert sum("Giornata 2" in text for text in sheets) >= 2  # the header repeats on day 2's sheets

    page.emulate_media(media="screen")
    page.goto("/report/piani/piano-stampabile/")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator("wagtail-userbar").is_visible()
    assert not page.locator(".report-downloads").is_visible()
    chart = page.locator(".report-chart").bounding_box()
    assert chart is not None and chart["width"] <= 600  # 150 mm at 96 dpi is 567 px
    sheets = _pages(page.pdf(format="A4", prefer_css_page_size=True))
    for text in sheets:
        assert "Report del piano formativo" in text
        assert "Piano stampabile" in text
        assert "Pagina" in text
