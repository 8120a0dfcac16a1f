"""Wagtail's own CSV exports (site history and the rest) never hand a spreadsheet a formula."""

import csv
import io

import openpyxl
import pytest
from wagtail.log_actions import log

from website.cms.models import ThematicArea

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def history(make_user):
    editor = make_user(first_name=FORMULA_NAME, last_name="", email="formula@example.org")
    area = ThematicArea.objects.create(name="@SUM(1+1)", slug="somma")
    log(instance=area, action="wagtail.create", user=editor)
    return editor


def export(client, make_user, export_format):
    client.force_login(make_user(superuser=True))
    response = client.get(f"/admin/reports/site-history/?export={export_format}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_site_history_csv_neutralises_formulas(client, make_user, history):
    text = export(client, make_user, "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'@SUM(1+1)" in cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells), rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_site_history_xlsx_keeps_them_as_text(client, make_user, history):
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, make_user, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert all(cell.data_type != "f" for cell in cells)
    assert "@SUM(1+1)" in [cell.value for cell in cells]
