"""Small documents made from text: PDF (reportlab), DOCX (plain OOXML) and XLSX (openpyxl).

The demo data builds its materials with these, so a newcomer finds real
files to preview, search and download.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

BRAND_BLUE = colors.HexColor("#0066CC")


def _styles(*, slides):
    base = getSampleStyleSheet()
    body_size = 15 if slides else 10.5
    return {
        "title": ParagraphStyle(
            "AulaTitle",
            parent=base["Title"],
            fontName="Helvetica-Bold",
            fontSize=26 if slides else 20,
            leading=32 if slides else 24,
            textColor=BRAND_BLUE,
            alignment=TA_LEFT,
        ),
        "subtitle": ParagraphStyle(
            "AulaSubtitle", parent=base["Normal"], fontSize=body_size + 1, leading=body_size + 6
        ),
        "heading": ParagraphStyle(
            "AulaHeading",
            parent=base["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=20 if slides else 13,
            leading=26 if slides else 17,
            textColor=BRAND_BLUE,
            spaceBefore=6 if slides else 12,
            spaceAfter=8 if slides else 4,
        ),
        "body": ParagraphStyle(
            "AulaBody", parent=base["Normal"], fontSize=body_size, leading=body_size * 1.4
        ),
    }


def _footer(text):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#3d4d5c"))
        canvas.drawString(document.leftMargin, 1.2 * cm, text)
        canvas.drawRightString(
            document.pagesize[0] - document.rightMargin, 1.2 * cm, str(canvas.getPageNumber())
        )
        canvas.restoreState()

    return draw


def _paragraphs(items, style):
    """Plain strings become paragraphs; a list of strings becomes a bulleted list."""
    flowables = []
    for item in items:
        if isinstance(item, list):
            flowables.append(
                ListFlowable(
                    [ListItem(Paragraph(escape(entry), style), leftIndent=12) for entry in item],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                )
            )
        else:
            flowables.append(Paragraph(escape(item), style))
        flowables.append(Spacer(1, 4))
    return flowables


def make_pdf(*, title, subtitle, sections, footer, author, slides=False):
    """A PDF of titled sections; ``slides`` puts each section on its own landscape page."""
    output = io.BytesIO()
    pagesize = landscape(A4) if slides else A4
    document = SimpleDocTemplate(
        output,
        pagesize=pagesize,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author=author,
        subject=subtitle,
        lang="it-IT",
    )
    styles = _styles(slides=slides)
    story = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(subtitle), styles["subtitle"]),
    ]
    for heading, items in sections:
        story.append(PageBreak() if slides else Spacer(1, 8))
        story.append(Paragraph(escape(heading), styles["heading"]))
        story.extend(_paragraphs(items, styles["body"]))
    draw_footer = _footer(footer)
    document.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return output.getvalue()


_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _docx_paragraph(text, *, bold=False, size=None):
    properties = ""
    if bold or size:
        properties = "<w:rPr>" + ("<w:b/>" if bold else "")
        properties += f'<w:sz w:val="{size}"/>' if size else ""
        properties += "</w:rPr>"
    return f'<w:p><w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(*, title, paragraphs):
    """A Word document: a bold title, then paragraphs; a line ending in ':' is a field label."""
    body = [_docx_paragraph(title, bold=True, size=32)]
    for text in paragraphs:
        body.append(_docx_paragraph(text, bold=text.endswith(":")))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _DOCX_CONTENT_TYPES)
        package.writestr("_rels/.rels", _DOCX_RELS)
        package.writestr("word/document.xml", document)
    return output.getvalue()


def make_xlsx(*, title, header, rows):
    """A spreadsheet with a bold header row, sized columns and frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        width = (
            max(len(str(name)), *(len(str(row[index - 1])) for row in rows)) if rows else len(name)
        )
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(
            width + 2, 60
        )
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
