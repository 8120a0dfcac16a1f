"""Tables that leave the platform as CSV or XLSX files, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and
LibreOffice (and openpyxl writes such a string as one), so a participant
named ``=HYPERLINK(...)`` could run something on a training manager's
machine. Every exported text cell goes through ``spreadsheet_text``.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.http import HttpResponse
from django.utils import timezone

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


# Italian formats in every XLSX: dates day/month/year, times and moments without seconds.
XLSX_FORMATS = (
    (datetime, "DD/MM/YYYY HH:MM"),  # before date: a datetime is a date too
    (date, "DD/MM/YYYY"),
    (time, "HH:MM"),
)
MAX_COLUMN_WIDTH = 60


def _xlsx_format(value) -> str | None:
    for kind, number_format in XLSX_FORMATS:
        if isinstance(value, kind):
            return number_format
    return None


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(
    filename, header: Sequence, rows: Iterable[Sequence], *, title=""
) -> HttpResponse:
    """An XLSX download a funder can take as it is.

    A bold header row that stays in view and carries filters, columns as wide as their
    content (up to a limit), numbers typed, dates and times in the Italian formats
    without seconds. Times and moments are written as the local time the page shows.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title[:31]
    sheet.append([spreadsheet_text(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_display_width(cell) for cell in header]
    for row in rows:
        values = [_spreadsheet_value(cell) for cell in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], _display_width(value))
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            number_format = _xlsx_format(value)
            if number_format:
                cell.number_format = number_format
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def _spreadsheet_value(value):
    """A cell's value for openpyxl: safe text, and aware moments as naive local time."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return spreadsheet_text(value)
