"""The self-assessment report as PDF, drawn with reportlab (as the certificates are).

The certificates' embedded typeface lives in a layer above this app, so the report
uses PDF's standard Helvetica, whose encoding covers Italian text. The layout is a
flowing document: the summary table by criterion, then each sub-criterion's agreed
score, strengths and areas for improvement.
"""

import io

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _score(value) -> str:
    return "—" if value is None else number_format(value, 1)


def _text(value) -> str:
    return escape(value or "—").replace("\n", "<br/>")


def report_pdf(assessment, report) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=assessment.title,
    )
    styles = getSampleStyleSheet()
    story = [
        Paragraph(
            escape(_("Rapporto di autovalutazione – %(title)s") % {"title": assessment.title}),
            styles["Title"],
        ),
        Paragraph(
            escape(
                f"{assessment.scope_name} · {assessment.model} · {assessment.get_panel_display()}"
                + (
                    " · "
                    + _("chiusa il %(date)s")
                    % {"date": date_format(assessment.closed_at, "DATE_FORMAT")}
                    if assessment.closed_at
                    else ""
                )
            ),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    previous = {}
    if report.previous_totals:
        previous = {s.criterion.number: s.value for s in report.previous_totals.criteria}
    header = [_("Criterio"), _("Punteggio")] + ([_("Precedente")] if report.previous else [])
    rows = [header]
    for score in report.totals.criteria:
        row = [f"{score.criterion.number}. {score.criterion.title}", _score(score.value)]
        if report.previous:
            row.append(_score(previous.get(score.criterion.number)))
        rows.append(row)
    overall = [_("Complessivo (media dei criteri)"), _score(report.totals.overall)]
    total = [_("Totale (su 900)"), _score(report.totals.total)]
    if report.previous:
        overall.append(_score(report.previous_totals.overall))
        total.append(_score(report.previous_totals.total))
    rows += [overall, total]
    table = Table(rows, colWidths=[110 * mm] + [30 * mm] * (len(header) - 1), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -2), (-1, -1), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    for score in report.totals.criteria:
        criterion = score.criterion
        story.append(
            Paragraph(
                escape(f"{criterion.number}. {criterion.title} – {_score(score.value)}"),
                styles["Heading2"],
            )
        )
        for sub in criterion.subcriteria.all():
            entry = report.entries.get(sub.pk)
            story.append(
                Paragraph(
                    escape(f"{sub.code} {sub.title} – {_score(entry.value if entry else None)}"),
                    styles["Heading4"],
                )
            )
            story.append(
                Paragraph(
                    f"<b>{escape(_('Punti di forza'))}:</b> "
                    f"{_text(entry.strengths if entry else '')}",
                    styles["Normal"],
                )
            )
            story.append(
                Paragraph(
                    f"<b>{escape(_('Aree di miglioramento'))}:</b> "
                    f"{_text(entry.improvements if entry else '')}",
                    styles["Normal"],
                )
            )
    document.build(story)
    return buffer.getvalue()
