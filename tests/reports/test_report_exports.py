"""The programme, cluster, centre and staff reports leave as CSV and XLSX with the page's figures."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_programme_report_exports_its_table(
    client, plan, training_manager, present_means_certified
):
    client.force_login(training_manager)
    url = "/report/piani/piano-misurato/"
    assert 'formato=xlsx" download' in client.get(url).content.decode()

    rows = csv_rows(client.get(url, {"formato": "csv"}))
    assert rows[0][:3] == ["Codice", "Corso", "Edizioni d'aula"]
    assert rows[-1] == ["Totale", "", "4", "8", "38", "6", "4", "44,2", "4"]

    response = client.get(url, {"formato": "xlsx"})
    assert 'filename="report-piano-misurato.xlsx"' in response["Content-Disposition"]
    last = xlsx_rows(response)[-1]
    assert last[0] == "Totale" and last[2:5] == [4, 8, 38]
    assert last[7] == pytest.approx(44.2)


def test_cluster_and_centre_exports_keep_the_filters_and_the_rights(
    client, plan, training_manager, cluster_lead, present_means_certified
):
    client.force_login(training_manager)
    rows = csv_rows(client.get("/report/cluster/", {"piano": "piano-misurato", "formato": "csv"}))
    assert rows[1:] == [
        ["Palermo Città", "3", "2", "40,8", "2"],
        ["Siracusa", "2", "1", "33,3", "1"],
        ["Totale", "5", "3", "37,6", "3"],
    ]
    rows = xlsx_rows(client.get("/report/centri/", {"cluster": "prova-sr", "formato": "xlsx"}))
    assert [row[0] for row in rows[1:]] == ["CPI Noto", "CPI Siracusa", "Totale"]

    client.force_login(cluster_lead)  # their own cluster only, in the file as on the page
    rows = csv_rows(client.get("/report/cluster/", {"formato": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Palermo Città", "Totale"]


def test_a_centres_staff_export_lists_its_people_and_is_audited(client, plan, centre_manager):
    from website.audit.models import AuditEntry

    client.force_login(centre_manager)
    rows = xlsx_rows(client.get("/report/centri/CPI-T-PA01/", {"formato": "xlsx"}))
    entry = AuditEntry.objects.get()
    assert entry.actor == centre_manager and entry.action == "export"
    assert entry.detail == {"kind": "report", "report": "personale-CPI-T-PA01", "format": "xlsx"}
    assert rows[0][:3] == ["Cognome", "Nome", "Qualifica"]
    assert len(rows) == 3  # the header and the centre's two people
    assert all(isinstance(row[4], int | float | Decimal) for row in rows[1:])
    assert client.get("/report/centri/CPI-T-SR01/", {"formato": "csv"}).status_code == 404


@pytest.mark.parametrize("value", ["pdf", "", "CSV ", "xlsx;rm"])
def test_an_unknown_format_is_refused_with_a_message(client, plan, training_manager, value):
    client.force_login(training_manager)
    response = client.get("/report/cluster/", {"formato": value})
    assert response.status_code == 400
    assert "scegli csv oppure xlsx" in response.content.decode()
    from website.audit.models import AuditEntry

    assert not AuditEntry.objects.exists()


def test_those_who_may_not_read_a_report_cannot_export_it(client, plan, operator):
    client.force_login(operator)
    for url in ("/report/piani/piano-misurato/", "/report/cluster/", "/report/centri/"):
        assert client.get(url, {"formato": "csv"}).status_code == 404
