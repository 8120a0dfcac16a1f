"""Reports and the register printed from the browser: the markers the print layout relies on.

The browser journey (tests/e2e/test_print_journey.py) prints them in Chromium; these check
the HTML every page sends: the site's print stylesheet, the running header of each sheet
(an @page margin box with the report and its period), the register's day header row.
"""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from website.core.dates import date_range, long_day
from website.core.printing import css_string, page_margins_css

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def running_header(page) -> str:
    """The text of the sheet's @top-left margin box, unescaped."""
    styles = [style.string for style in page.find_all("style", attrs={"media": "print"})]
    assert len(styles) == 1, styles
    match = re.search(r'@top-left \{ content: "((?:[^"\\]|\\.)*)"', styles[0])
    assert match, styles[0]
    return re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), match.group(1))


def test_every_page_has_the_print_stylesheet(client):
    page = soup(client.get("/"))
    sheets = [link["href"] for link in page.find_all("link", attrs={"media": "print"})]
    assert any(href.endswith("css/print.css") for href in sheets)
    css = (settings.BASE_DIR / "static" / "css" / "print.css").read_text()
    for hidden in ("wagtail-userbar", ".it-header-wrapper", ".it-footer", ".breadcrumb-container"):
        assert hidden in css.split("display: none")[0]


def test_the_programme_report_names_itself_and_its_period_on_every_sheet(
    client, plan, training_manager
):
    client.force_login(training_manager)
    page = soup(client.get("/report/piani/piano-misurato/"))
    programme = plan["programme"]
    period = date_range(programme.starts_on, programme.ends_on)
    assert running_header(page).startswith(
        f"Report del piano formativo · Piano misurato, {period} · dati "
    )
    assert period in page.select_one("p.lead").get_text()
    assert page.select_one(".report-layout .report-chart")
    assert page.select_one(".report-downloads.d-print-none")


def test_the_participation_reports_name_the_filter_they_print(client, plan, training_manager):
    client.force_login(training_manager)
    header = running_header(soup(client.get("/report/cluster/")))
    assert header.startswith("Partecipazione per cluster · tutti i piani formativi · dati ")
    north = plan["editions"][0].cluster
    header = running_header(
        soup(client.get(f"/report/centri/?piano=piano-misurato&cluster={north.code}"))
    )
    assert header.startswith(f"Partecipazione per centro per l'impiego · {north.name} · Piano")
    # A malformed filter prints what the page shows: every plan.
    header = running_header(soup(client.get("/report/centri/?piano=nessuno")))
    assert "tutti i piani formativi" in header


def test_the_staff_report_names_the_centre(client, plan, training_manager, org):
    client.force_login(training_manager)
    header = running_header(soup(client.get(f"/report/centri/{org['pa1'].code}/")))
    assert header.startswith("La formazione del personale · CPI Palermo Centro · ")


def test_the_register_names_edition_and_day_on_every_sheet(client, plan, training_manager):
    client.force_login(training_manager)
    page = soup(client.get("/report/edizioni/E1/registro/"))
    edition = plan["editions"][0]
    assert running_header(page).startswith("Registro E1 · A – Corso A · ")
    sessions = list(edition.sessions.order_by("date"))
    rows = page.select("table.register-sheet thead tr.register-running-header")
    assert [row.get_text(" ", strip=True) for row in rows] == [
        f"Registro E1 · Giornata {number}: {long_day(session.date)}"
        for number, session in enumerate(sessions, start=1)
    ]
    assert all("d-print-table-row" in row["class"] and "d-none" in row["class"] for row in rows)
    period = date_range(edition.starts_on, edition.ends_on)
    assert period in page.select_one(".register-facts").get_text()
    css = (settings.BASE_DIR / "reports" / "static" / "reports" / "print.css").read_text()
    assert re.search(r"\.register-day-sheet:first-of-type \{\s*break-before: auto;", css)


def test_the_running_header_cannot_break_out_of_its_rule():
    hostile = 'Piano "x" } body { display: none } </style><script>alert(1)</script>\\'
    css = page_margins_css(hostile)
    assert "</style>" not in css and "<script>" not in css
    assert css.count('"') == css_string(hostile).count('"') + 4  # only the strings' own quotes
    assert css_string('a"b') == '"a\\22 b"'
    assert css_string("riga\nnuova") == '"riga\\a nuova"'


def test_page_numbers_in_both_languages():
    with translation.override("it"):
        assert 'content: "Pagina " counter(page) " di " counter(pages);' in page_margins_css("x")
    with translation.override("en"):
        assert 'content: "Page " counter(page) " of " counter(pages);' in page_margins_css("x")


def test_the_admin_reports_look_like_the_site_ones(client, plan, training_manager):
    client.force_login(training_manager)
    page = soup(client.get("/admin/report/piani/piano-misurato/"))
    assert any(
        link["href"].endswith("reports/reports.css") for link in page.find_all("link", href=True)
    )
    layout = page.select_one(".report-layout")
    assert layout.select_one(".report-layout-table table.report-table")
    assert layout.select_one(".report-layout-chart figure.report-chart svg")
    programme = plan["programme"]
    lead = page.select_one(".report-lead").get_text()
    assert date_range(programme.starts_on, programme.ends_on) in lead
    page = soup(client.get("/admin/report/centri/"))
    assert page.select_one(".report-layout .report-layout-chart .report-chart")


def test_the_heading_patterns_in_both_languages(org):
    import time_machine

    from courses.models import Programme
    from reports.printing import programme_period, report_heading

    programme = Programme(
        title="Piano 2027",
        region=org["region"],
        starts_on=date(2027, 10, 8),
        ends_on=date(2027, 10, 12),
    )
    with time_machine.travel("2027-10-11 10:00 +0200", tick=False):
        with translation.override("it"):
            assert programme_period(None) == "tutti i piani formativi"
            assert report_heading("Partecipazione per cluster", programme) == (
                "Partecipazione per cluster · Piano 2027, dall'8 al 12 ottobre 2027"
                " · dati all'11 ottobre 2027"
            )
        with translation.override("en"):
            assert programme_period(None) == "all training plans"
            assert report_heading("Participation by cluster", programme, scope="North") == (
                "Participation by cluster · North · Piano 2027, 8–12 October 2027"
                " · data as of 11 October 2027"
            )
