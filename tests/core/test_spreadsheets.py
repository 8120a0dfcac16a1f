"""Exported tables never carry a formula: a name typed as one arrives as text."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from website.core.spreadsheets import csv_response, spreadsheet_text, xlsx_response

HOSTILE = ['=HYPERLINK("https://evil.example","x")', "+39 091 000", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_escaped(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Rossi", "D'Amico", "", 5, 2.5, date(2026, 1, 1), None])
def test_everything_else_is_left_alone(value):
    assert spreadsheet_text(value) == value


def test_csv_and_xlsx_carry_the_escaped_text():
    rows = [["=cmd|' /C calc'!A0", 5, date(2026, 3, 2)]]
    text = csv_response("prova.csv", ["Nome", "Ore", "Data"], rows).content.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[1][0] == "'=cmd|' /C calc'!A0"

    response = xlsx_response("prova.xlsx", ["Nome", "Ore", "Data"], rows, title="Registro")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Registro"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].value == 5
    assert sheet["C2"].value.date() == date(2026, 3, 2)
    assert 'filename="prova.xlsx"' in response["Content-Disposition"]


def test_an_xlsx_reads_as_an_italian_spreadsheet():
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 3, 2, 8, 30, 45, tzinfo=ZoneInfo("UTC"))  # 09:30 in Rome
    rows = [
        ["Rossi", date(2026, 3, 2), time(9, 0, 30), moment, "Una descrizione " * 10],
        ["Bianchi", date(2026, 3, 3), time(14, 0), moment, "Breve"],
    ]
    header = ["Cognome", "Data", "Inizio", "Registrato il", "Note"]

    sheet = load_workbook(io.BytesIO(xlsx_response("r.xlsx", header, rows).content)).active

    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].number_format == "HH:MM"
    assert sheet["D2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["D2"].value == datetime(2026, 3, 2, 9, 30, 45)  # local time, as the page shows
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet.column_dimensions["A"].width == len("Cognome") + 2
    assert sheet.column_dimensions["E"].width == 60  # long text: capped
    assert sheet["A1"].font.bold


def test_an_empty_table_has_its_header_and_no_filter():
    sheet = load_workbook(io.BytesIO(xlsx_response("r.xlsx", ["Nome"], []).content)).active
    assert sheet["A1"].value == "Nome" and sheet.max_row == 1
    assert sheet.auto_filter.ref is None
