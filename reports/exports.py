"""The edition register as CSV and XLSX: the rows of the printed register, and nothing more.

One row per day and participant, as on the page: the day (date, times, place,
teacher, mode, hours) and the participant's name, centre, status and hours.
No email, no other personal data: the register does not need them. Text
that a spreadsheet would run as a formula is neutralised by
``website.core.spreadsheets``.
"""

from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import date_format, number_format, time_format
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


# --- The reports' tables (programme, clusters, centres, a centre's staff) -------------------

EXPORT_FORMATS = ("csv", "xlsx")


def _share(value) -> Decimal | None:
    """An average share (a percentage, or None) with one decimal, as on the page."""
    return None if value is None else round(Decimal(str(value)), 1)


def _figures(figures) -> list:
    return [
        figures.participant_count,
        figures.attended_count,
        _share(figures.average_share),
        figures.certificate_count,
    ]


def _figures_header() -> list:
    return [
        _("Partecipanti"),
        _("Con almeno una giornata"),
        _("Quota media di frequenza (%)"),
        _("Attestati"),
    ]


def programme_table(report) -> tuple[list, list[list]]:
    """One row per course and a total, the page's figures as columns."""
    header = [
        _("Codice"),
        _("Corso"),
        _("Edizioni d'aula"),
        _("Giornate d'aula"),
        _("Ore d'aula"),
        *_figures_header(),
    ]
    rows = [
        [
            course.code,
            course.title,
            course.edition_count,
            course.day_count,
            course.classroom_hours,
            *_figures(course.figures),
        ]
        for course in report.courses
    ]
    total = report.total
    rows.append(
        [
            _("Totale"),
            "",
            total.edition_count,
            total.day_count,
            total.classroom_hours,
            *_figures(total.figures),
        ]
    )
    return header, rows


def participation_table(rows, total, *, kind: str) -> tuple[list, list[list]]:
    """One row per cluster (or centre) and a total."""
    if kind == "cluster":
        header = [_("Cluster"), *_figures_header()]
        lines = [[row.name, *_figures(row.figures)] for row in rows]
        lines.append([_("Totale"), *_figures(total)])
    else:
        header = [_("Centro per l'impiego"), _("Cluster"), *_figures_header()]
        lines = [[row.name, row.cluster.name, *_figures(row.figures)] for row in rows]
        lines.append([_("Totale"), "", *_figures(total)])
    return header, lines


def staff_table(people) -> tuple[list, list[list]]:
    """One row per person of a centre with confirmed places."""
    header = [
        _("Cognome"),
        _("Nome"),
        _("Qualifica"),
        _("Edizioni"),
        _("Ore frequentate"),
        _("Quota media di frequenza (%)"),
        _("Attestati"),
    ]
    rows = [
        [
            person.last_name,
            person.first_name,
            person.job_title,
            person.figures.place_count,
            person.figures.attended_hours,
            _share(person.figures.average_share),
            person.figures.certificate_count,
        ]
        for person in people
    ]
    return header, rows


def table_response(export_format: str, filename: str, table, *, title: str) -> HttpResponse:
    """``table`` (header, rows) as a CSV (numbers written the Italian way) or an XLSX."""
    header, rows = table
    if export_format == "xlsx":
        return spreadsheets.xlsx_response(f"{filename}.xlsx", header, rows, title=title)
    text_rows = ([_csv_text(value) for value in row] for row in rows)
    return spreadsheets.csv_response(f"{filename}.csv", header, text_rows)


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        if value == int(value):  # 38 hours, not "38,0" (PostgreSQL keeps the scale)
            return str(int(value))
        return number_format(value, use_l10n=True)
    return value
