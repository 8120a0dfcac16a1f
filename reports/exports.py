"""The edition register as CSV and XLSX: the rows of the printed register, and nothing more.

One row per day and participant, as on the page: the day (date, times, place,
teacher, mode, hours) and the participant's name, centre, status and hours.
No email, no other personal data: the register does not need them. Text
that a spreadsheet would run as a formula is neutralised by
``website.core.spreadsheets``.
"""

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from courses.templatetags.courses_tags import format_hours
from website.core import spreadsheets


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


def _mode(session):
    if session.is_cancelled:
        return _("%(mode)s, giornata annullata (non conta ore)") % {
            "mode": session.get_mode_display()
        }
    return session.get_mode_display()


def _values(session, row, record):
    """The typed values of one line: dates, times and hours stay dates, times and numbers."""
    user = row.user
    return [
        session.date,
        session.starts_at,
        session.ends_at,
        session.place or _("Online"),
        session.teacher_names,
        _mode(session),
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
    return spreadsheets.csv_response(filename, header(), text_rows(grid))


def xlsx_response(grid, filename):
    rows = (_values(session, row, record) for session, row, record in register_rows(grid))
    return spreadsheets.xlsx_response(filename, header(), rows, title=_("Registro"))
