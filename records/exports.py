"""A centre's year as CSV and XLSX, for the managers' performance evaluation.

One row per person: name, job title, target, hours done (by kind too), pending
approvals, whether they reached the target and whether they are behind pace. No
other personal data. Cells a spreadsheet would run are neutralised by
``website.core.spreadsheets``.
"""

from django.utils.translation import gettext as _

from courses.templatetags.courses_tags import format_hours
from website.core import spreadsheets

from .models import Kind


def header():
    return [
        _("Cognome"),
        _("Nome"),
        _("Qualifica"),
        _("Obiettivo (ore)"),
        _("Ore svolte"),
        *[str(kind.label) for kind in Kind],
        _("Dichiarazioni in attesa"),
        _("Obiettivo raggiunto"),
        _("In ritardo sul ritmo"),
    ]


def _values(row):
    record, person = row.record, row.person
    by_kind = record.hours_by_kind
    return [
        person.last_name,
        person.first_name,
        person.job_title,
        record.target.hours,
        record.hours,
        *[by_kind.get(kind.value, 0) for kind in Kind],
        record.pending_count,
        _("sì") if record.reached else _("no"),
        _("sì") if record.behind_pace else _("no"),
    ]


def _filename(centre, year, extension):
    return f"ore-formazione-{centre.code}-{year}.{extension}"


def centre_csv(centre, year, rows):
    def text(row):
        values = _values(row)
        for index in range(3, 5 + len(Kind)):
            values[index] = format_hours(values[index]) if values[index] else "0"
        return values

    return spreadsheets.csv_response(_filename(centre, year, "csv"), header(), map(text, rows))


def centre_xlsx(centre, year, rows):
    return spreadsheets.xlsx_response(
        _filename(centre, year, "xlsx"), header(), map(_values, rows), title=str(year)
    )
