"""The report pages: who sees which, what they show, and exports with the page's rows."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup

from website.accounts.roles import Role

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def table_rows(table):
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr, tfoot tr")
    ]


def test_the_programme_page_shows_the_hand_computed_table(
    client, plan, training_manager, present_means_certified
):
    client.force_login(training_manager)
    page = soup(client.get("/report/piani/piano-misurato/"))
    assert table_rows(page.select_one("table.programme-report")) == [
        ["Corsi (unità didattiche)", "1", "1", "2"],
        ["Edizioni d'aula", "2", "2", "4"],
        ["Giornate d'aula", "5", "3", "8"],
        ["Ore per giornata", "4–5", "5", "—"],
        ["Ore d'aula", "23", "15", "38"],
        ["Partecipanti", "5", "4", "6"],
        ["Partecipanti con almeno una giornata", "3", "2", "4"],
        ["Quota media di frequenza", "42,7%", "46,7%", "44,2%"],
        ["Attestati di partecipazione", "2", "2", "4"],
    ]
    chart = page.select_one("figure.report-chart svg[role=img]")
    assert chart.title.get_text() == "Partecipanti, presenze e attestati per corso"


def test_participation_pages_with_a_chart_beside_the_table(
    client, plan, training_manager, present_means_certified
):
    client.force_login(training_manager)
    page = soup(client.get("/report/cluster/?piano=piano-misurato"))
    assert table_rows(page.select_one("table.participation-report")) == [
        ["Palermo Città", "3", "2", "40,8%", "2"],
        ["Siracusa", "2", "1", "33,3%", "1"],
        ["Totale", "5", "3", "37,6%", "3"],
    ]
    bars = page.select("svg rect.chart-bar")
    assert len(bars) == 6
    page = soup(client.get("/report/centri/?cluster=prova-sr"))
    rows = table_rows(page.select_one("table.participation-report"))
    assert [row[0] for row in rows] == ["CPI Noto Siracusa", "CPI Siracusa Siracusa", "Totale"]


def test_a_bad_filter_says_so_and_shows_everything(client, plan, training_manager):
    client.force_login(training_manager)
    page = soup(client.get("/report/cluster/?piano=nessuno"))
    assert "Filtro non valido" in page.select_one(".form-error-summary").get_text()
    assert len(table_rows(page.select_one("table.participation-report"))) == 3


def test_cluster_leads_and_centre_managers_see_only_their_own(
    client, plan, cluster_lead, centre_manager
):
    client.force_login(cluster_lead)
    page = soup(client.get("/report/cluster/"))
    assert [row[0] for row in table_rows(page.select_one("table"))] == ["Palermo Città", "Totale"]
    centres = table_rows(soup(client.get("/report/centri/")).select_one("table"))
    assert [row[0] for row in centres] == [
        "CPI Monreale Palermo Città",
        "CPI Palermo Centro Palermo Città",
        "Totale",
    ]
    assert client.get("/report/centri/?cluster=prova-sr").status_code == 200
    assert client.get("/report/centri/CPI-T-PA01/").status_code == 404
    assert client.get(f"/report/persone/{plan['p1'].pk}/").status_code == 404

    client.force_login(centre_manager)
    assert client.get("/report/cluster/").status_code == 404
    centres = table_rows(soup(client.get("/report/centri/")).select_one("table"))
    assert [row[0] for row in centres] == ["CPI Palermo Centro Palermo Città", "Totale"]
    staff = soup(client.get("/report/centri/CPI-T-PA01/"))
    assert len(staff.select("tbody tr")) == 2
    assert client.get(f"/report/persone/{plan['p1'].pk}/").status_code == 200
    assert client.get(f"/report/persone/{plan['p4'].pk}/").status_code == 404
    assert client.get("/report/centri/CPI-T-SR01/").status_code == 404


@pytest.mark.parametrize("role", [None, Role.OPERATOR, Role.TEACHER, Role.EDITOR, Role.COACH])
def test_reports_answer_404_to_those_who_may_not_see_them(client, plan, make_user, role):
    client.force_login(make_user(role=role))
    for url in (
        "/report/piani/piano-misurato/",
        "/report/cluster/",
        "/report/centri/",
        "/report/centri/CPI-T-PA01/",
        f"/report/persone/{plan['p1'].pk}/",
        "/report/edizioni/E1/registro/",
        "/report/edizioni/E1/registro.csv",
        "/report/edizioni/E1/registro.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/report/").status_code == 200  # their own record is always there


def test_everyone_reads_their_own_training_record(client, plan):
    client.force_login(plan["p1"])
    page = soup(client.get(f"/report/persone/{plan['p1'].pk}/"))
    assert page.h1.get_text() == "La mia scheda formativa"
    rows = page.select("table.training-record tbody tr")
    assert [row.th.get_text(" ", strip=True).split(" ")[0] for row in rows] == ["B", "A"]
    assert "5 ore su 10 (50%)" in rows[0].get_text(" ")


def test_the_training_record_renders_other_apps_panels(client, plan):
    from wagtail import hooks

    def panel(request, person):
        return f"<p id='extra-panel'>{person.pk}:{request.user.pk}</p>"

    client.force_login(plan["p2"])
    with hooks.register_temporarily("aula_training_record_panels", panel):
        page = soup(client.get(f"/report/persone/{plan['p2'].pk}/"))
    assert page.select_one("#extra-panel").get_text() == f"{plan['p2'].pk}:{plan['p2'].pk}"


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.get("/report/piani/piano-misurato/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


# --- The edition register and its exports ----------------------------------------------


def register_page_rows(page):
    """(date, surname, name, centre, status, hours) for every line of every day's sheet."""
    rows = []
    for sheet in page.select("table.register-sheet"):
        for tr in sheet.select("tbody tr"):
            cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            rows.append([sheet["data-date"], *cells[1:6]])
    return rows


def test_the_register_prints_every_day_with_signature_columns(client, plan, training_manager):
    client.force_login(training_manager)
    page = soup(client.get("/report/edizioni/E1/registro/"))
    sheets = page.select("section.register-day-sheet")
    assert len(sheets) == 3
    headings = [th.get_text(strip=True) for th in sheets[0].select("thead th")]
    assert headings[-2:] == ["Firma di entrata", "Firma di uscita"]
    facts = sheets[0].select_one(".register-day-facts").get_text(" ", strip=True)
    assert "dalle 09:00 alle 14:00" in facts and "In aula" in facts and "Aula" in facts
    print_sheets = [link["href"] for link in page.find_all("link", attrs={"media": "print"})]
    assert any(href.endswith("reports/print.css") for href in print_sheets)
    rows = register_page_rows(page)
    assert len(rows) == 9  # three people, three days
    p1 = plan["p1"]
    assert rows[0][1:] == [p1.last_name, p1.first_name, "CPI Palermo Centro", "Presente", "5"]
    assert [row[4] for row in rows if row[1] == plan["p2"].last_name] == [
        "Entrata in ritardo",
        "Assente",
        "",
    ]


def test_exports_have_the_rows_of_the_page_and_no_other_personal_data(
    client, plan, training_manager
):
    client.force_login(training_manager)
    page_rows = register_page_rows(soup(client.get("/report/edizioni/E1/registro/")))

    response = client.get("/report/edizioni/E1/registro.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="registro-E1.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = lines[0], lines[1:]
    assert header == [
        "Data",
        "Inizio",
        "Fine",
        "Sede",
        "Docente",
        "Modalità",
        "Ore della giornata",
        "Cognome",
        "Nome",
        "Centro per l'impiego",
        "Stato",
        "Ore frequentate",
    ]
    iso = {line[0]: row[0] for line, row in zip(body, page_rows, strict=True)}
    assert [[iso[line[0]], *line[7:]] for line in body] == page_rows
    assert "@" not in text

    response = client.get("/report/edizioni/E1/registro.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Registro"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header
    assert [
        [
            day.date().isoformat() if hasattr(day, "date") else day.isoformat(),
            *[str(v) if v is not None else "" for v in rest[6:10]],
            "" if rest[10] is None else f"{rest[10]:g}".replace(".", ","),
        ]
        for day, *rest in values[1:]
    ] == page_rows


def test_exports_never_hand_a_spreadsheet_a_formula(client, plan, training_manager):
    person = plan["p1"]
    person.last_name = '=HYPERLINK("http://example.org")'
    person.save(update_fields=["last_name"])
    client.force_login(training_manager)
    text = client.get("/report/edizioni/E1/registro.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert {line[7] for line in lines} == {'\'=HYPERLINK("http://example.org")', "Bruno", "Caruso"}
    response = client.get("/report/edizioni/E1/registro.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Registro"]
    surnames = {row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("http://example.org")' in surnames


def test_teachers_and_the_clusters_leads_reach_the_register(
    client, plan, teacher, cluster_lead, make_user
):
    plan["editions"][0].teachers.add(teacher)
    for person in (teacher, cluster_lead):
        client.force_login(person)
        assert client.get("/report/edizioni/E1/registro/").status_code == 200
    client.force_login(cluster_lead)
    assert client.get("/report/edizioni/E2/registro/").status_code == 404  # a southern edition
    client.force_login(teacher)
    assert client.get("/report/edizioni/E3/registro.csv").status_code == 404


def test_reports_speak_english_to_those_who_chose_it(client, plan, training_manager):
    training_manager.language = "en"
    training_manager.save(update_fields=["language"])
    client.force_login(training_manager)
    page = soup(client.get("/report/piani/piano-misurato/"))
    rows = table_rows(page.select_one("table.programme-report"))
    assert rows[3] == ["Hours per day", "4–5", "5", "—"]
    assert rows[7] == ["Average attendance share", "42.7%", "46.7%", "44.2%"]
    csv_text = client.get("/report/edizioni/E1/registro.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Date;Start;End;Venue;Teacher")
