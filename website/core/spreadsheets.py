"""Tables that leave the platform as CSV or XLSX files, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and
LibreOffice (and openpyxl writes such a string as one), so a participant
named ``=HYPERLINK(...)`` could run something on a training manager's
machine. Every exported text cell goes through ``spreadsheet_text``.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from .dates import yes_no

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_text(value: object) -> object:
    """``value`` unchanged, except text that a spreadsheet would read as a formula.

    Booleans are written as words (Sì/No), never as True/False.
    """
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8 with BOM and semicolons, as Italian Excel expects)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([spreadsheet_text(cell) for cell in header])
    writer.writerows([spreadsheet_text(cell) for cell in row] for row in rows)
    return _attachment(response, filename)


def xlsx_response(
    filename, header: Sequence, rows: Iterable[Sequence], *, title=""
) -> HttpResponse:
    """An XLSX download with a bold header row; numbers and dates stay typed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    if title:
        sheet.title = title[:31]
    sheet.append([spreadsheet_text(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_text(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)
