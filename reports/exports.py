"""The edition register as CSV and XLSX: the rows of the printed register, and nothing more.

One row per day and participant, as on the page: the day (date, times, place,
teacher, mode, hours) and the participant's name, centre, status and hours.
No email, no other personal data: the register does not need them.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from courses.templatetags.courses_tags import format_hours

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header():
    return [
        _("Data"),
        _("Inizio"),
        _("Fine"),
        _("Sede"),
        _("Docente"),
        _("Modalità"),
        _("Ore della giornata"),
        _("Cognome"),
        _("Nome"),
        _("Centro per l'impiego"),
        _("Stato"),
        _("Ore frequentate"),
    ]


def register_rows(grid):
    """(session, row, record or None) in the order of the printed register: day by day."""
    for index, session in enumerate(grid.sessions):
        for row in grid.rows:
            yield session, row, row.cells[index]


def _values(session, row, record):
    """The typed values of one line: dates, times and hours stay dates, times and numbers."""
    user = row.user
    return [
        session.date,
        session.starts_at,
        session.ends_at,
        session.place or _("Online"),
        session.teacher_names,
        session.get_mode_display(),
        session.hours,
        user.last_name,
        user.first_name,
        user.centre.name if user.centre else "",
        record.get_status_display() if record else "",
        record.hours if record else None,
    ]


def text_rows(grid):
    """Each line as the page and the CSV write it (dates, times and numbers in the language)."""
    for session, row, record in register_rows(grid):
        values = _values(session, row, record)
        values[0] = date_format(values[0], "SHORT_DATE_FORMAT")
        values[1], values[2] = time_format(values[1], "H:i"), time_format(values[2], "H:i")
        values[6] = format_hours(values[6])
        values[11] = format_hours(values[11]) if values[11] is not None else ""
        yield values


def csv_response(grid, filename):
    """UTF-8 with a byte-order mark and semicolons, as spreadsheets in Italy expect."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header())
    writer.writerows(text_rows(grid))
    return response


def xlsx_response(grid, filename):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registro"))
    bold = Font(bold=True)

    def heading(titles):
        cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            cells.append(cell)
        return cells

    sheet.append(heading(header()))
    for session, row, record in register_rows(grid):
        sheet.append(_values(session, row, record))
    summary = workbook.create_sheet(_("Riepilogo"))
    summary.append(
        heading([_("Cognome"), _("Nome"), _("Ore frequentate"), _("Ore dell'edizione"), _("%")])
    )
    for row in grid.rows:
        summary.append(
            [
                row.user.last_name,
                row.user.first_name,
                row.attendance.attended_hours,
                row.attendance.total_hours,
                row.attendance.share,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
