"""The yearly training statement as a PDF (reportlab's canvas, as the certificates).

Drawn from the statement's frozen snapshot in the person's language: the person,
the year, the target and the hours, one row per counted line, the verification code,
a QR code of the verification page. Long years continue on further pages.
"""

import io
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from certificates.codes import grouped
from certificates.fonts import BOLD, REGULAR, SEMIBOLD, register_fonts
from certificates.pdf import MUTED, PDF_LANGUAGES, PRIMARY, TEXT, Page
from courses.templatetags.courses_tags import format_hours
from website.core.links import absolute_url

WIDTH, HEIGHT = A4
MARGIN = 48
COLUMNS = (MARGIN, MARGIN + 70, MARGIN + 300, MARGIN + 430)  # date, title, provider, hours


def verification_url(code: str) -> str:
    return absolute_url("records:verify_code", code)


def render_statement(snapshot: dict, code: str, language: str) -> bytes:
    register_fonts()
    with translation.override(language):
        return _draw(snapshot, code, language)


def _header(pdf, snapshot, first):
    y = HEIGHT - MARGIN
    if first:
        pdf.setFillColor(PRIMARY)
        pdf.setFont(BOLD, 18)
        pdf.drawString(MARGIN, y - 10, _("Dichiarazione annuale della formazione"))
        pdf.setFillColor(TEXT)
        pdf.setFont(SEMIBOLD, 13)
        y -= 36
        person = snapshot["person"]
        pdf.drawString(MARGIN, y, person["name"])
        pdf.setFont(REGULAR, 10)
        y -= 15
        details = " · ".join(part for part in (person["job_title"], person["centre"]) if part)
        if details:
            pdf.drawString(MARGIN, y, details)
            y -= 15
        pdf.setFont(REGULAR, 11)
        y -= 6
        pdf.drawString(
            MARGIN,
            y,
            _("Anno %(year)s: %(hours)s di formazione, obiettivo %(target)s")
            % {
                "year": snapshot["year"],
                "hours": format_hours(Decimal(snapshot["hours"])),
                "target": format_hours(Decimal(snapshot["target"])),
            },
        )
        y -= 24
    pdf.setFont(BOLD, 9)
    pdf.setFillColor(MUTED)
    for x, text in zip(COLUMNS, (_("Data"), _("Formazione"), _("Ente"), _("Ore")), strict=True):
        pdf.drawString(x, y, text)
    pdf.setFillColor(TEXT)
    return y - 14


def _footer(pdf, code, page_number):
    pdf.setFont(REGULAR, 8)
    pdf.setFillColor(MUTED)
    pdf.drawString(
        MARGIN,
        MARGIN - 20,
        _("Codice di verifica %(code)s · %(url)s")
        % {"code": grouped(code), "url": verification_url(code)},
    )
    pdf.drawRightString(WIDTH - MARGIN, MARGIN - 20, str(page_number))
    pdf.setFillColor(TEXT)


def _draw(snapshot, code, language):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=A4, lang=PDF_LANGUAGES.get(language, language), pageCompression=1
    )
    title = _("Dichiarazione annuale della formazione")
    pdf.setTitle(f"{title} {snapshot['year']} – {snapshot['person']['name']}")
    pdf.setAuthor("Aula")
    page_number = 1
    y = _header(pdf, snapshot, True)
    for line in snapshot["lines"]:
        title_lines = simpleSplit(line["title"], REGULAR, 9, 220)[:3]
        provider_lines = simpleSplit(line["provider"], REGULAR, 9, 120)[:3]
        kind_line = f"{line['kind_label']} · {line['evidence']}"
        needed = 11 * (max(len(title_lines), len(provider_lines)) + 1) + 6
        if y - needed < MARGIN + 90:
            _footer(pdf, code, page_number)
            pdf.showPage()
            page_number += 1
            y = _header(pdf, snapshot, False)
        pdf.setFont(REGULAR, 9)
        pdf.drawString(
            COLUMNS[0], y, date_format(date.fromisoformat(line["date"]), "SHORT_DATE_FORMAT")
        )
        for index, text in enumerate(title_lines):
            pdf.drawString(COLUMNS[1], y - 11 * index, text)
        for index, text in enumerate(provider_lines):
            pdf.drawString(COLUMNS[2], y - 11 * index, text)
        pdf.drawRightString(WIDTH - MARGIN, y, format_hours(Decimal(line["hours"])))
        pdf.setFillColor(MUTED)
        pdf.setFont(REGULAR, 8)
        rows = max(len(title_lines), len(provider_lines))
        pdf.drawString(COLUMNS[1], y - 11 * rows, simpleSplit(kind_line, REGULAR, 8, 350)[0])
        pdf.setFillColor(TEXT)
        y -= needed
    if not snapshot["lines"]:
        pdf.setFont(REGULAR, 10)
        pdf.drawString(MARGIN, y, _("Nessuna formazione registrata nell'anno."))
    page = Page(pdf)
    page.qr(verification_url(code), x=WIDTH - MARGIN - 72, y=MARGIN, size=72)
    pdf.setFont(REGULAR, 9)
    pdf.drawString(
        MARGIN,
        MARGIN + 40,
        _("Emessa il %(date)s. Verificabile con il codice %(code)s.")
        % {
            "date": date_format(date.fromisoformat(snapshot["issued_on"]), "DATE_FORMAT"),
            "code": grouped(code),
        },
    )
    _footer(pdf, code, page_number)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
