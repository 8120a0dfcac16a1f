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
