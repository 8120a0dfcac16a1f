"""The certificate as a one-page A4 PDF.

Everything printed comes from the certificate's snapshot and the template
version it was issued with, in the holder's language, so the document can
only say what was true on the day of issue. A fixed page is all a
certificate needs, so it is drawn at fixed positions, measured with
reportlab's font metrics and written by ``pdfwriter``, which prepares the
embedded faces and images once per process: reportlab's canvas re-subset
and re-serialised the three faces for every document, which was most of a
certificate's time (``bench/bench_certificates.py``, ``bench/RESULTS.md``).

``Page`` keeps the same helpers over a reportlab canvas, for documents of
several pages (the yearly training statement).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING, Any

import zxingcpp
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit

from courses.templatetags.courses_tags import format_hours

from .codes import grouped
from .fonts import BOLD, REGULAR, SEMIBOLD
from .pdfwriter import OnePage, embedded_image

if TYPE_CHECKING:
    from .models import CertificateTemplateVersion

PRIMARY = HexColor("#0066CC")  # Bootstrap Italia's primary blue
TEXT = HexColor("#1A1A1A")
MUTED = HexColor("#5C6F82")
WIDTH, HEIGHT = A4
MARGIN = 56
PDF_LANGUAGES = {"it": "it-IT", "en": "en-GB"}
QR_MASK = 4
QR_BORDER = 2  # light modules around the symbol, inside its drawn size
_DARK_RUNS = re.compile(rb"\x00+")  # runs of dark modules in zxing-cpp's image of a symbol
_DARK = bytes.maketrans(b"\x00\xff", b"\x01\x00")  # zxing-cpp's modules: dark is true


@lru_cache(maxsize=32)
def _image_size(path):
    """A template version's image size, read once per process (versions never change)."""
    return ImageReader(path).getSize()


@lru_cache(maxsize=8)
def _phrases(language: str) -> dict[str, str]:
    """The page's fixed sentences in one language, translated once per process."""
    with translation.override(language):
        return {
            "title": _("Attestato di partecipazione"),
            "we_attest": _("Si attesta che"),
            "serving_at": _("in servizio presso %(centre)s"),
            "attended": _("ha partecipato al corso"),
            "programme": _("del piano formativo «%(programme)s»"),
            "edition": _("edizione %(code)s"),
            "from_to": _("dal %(start)s al %(end)s"),
            "hours": _("con la frequenza di %(attended)s ore su %(total)s (%(share)s%%)"),
            "conditions": _("soddisfacendo inoltre: %(conditions)s"),
            "funder": _("Attività finanziata da: %(funder)s"),
            "place_date": _("%(place)s, %(date)s"),
            "issued_on": _("Rilasciato il %(date)s"),
            "valid_until": _("Valido fino al %(date)s"),
            "code": _("Codice di verifica"),
            "verify": _("Verifica l'autenticità inquadrando il codice QR o su"),
        }


@lru_cache(maxsize=512)
def _formatted_date(value: str, language: str) -> str:
    return date_format(date.fromisoformat(value), "DATE_FORMAT")


def _date(value: str) -> str:
    return _formatted_date(value, translation.get_language())


@lru_cache(maxsize=1024)
def _wrapped(text: str, font: str, size: float) -> tuple[str, ...]:
    """A text's lines at the page's width: the same issuer, course and dates on every page."""
    return tuple(simpleSplit(text, font, size, WIDTH - 2 * MARGIN - 20))


def _hours(value: str) -> str:
    return format_hours(Decimal(value))


class _Layout:
    """Text laid out down the page, whatever writes it: the writer draws one line."""

    y: float

    def _style(self, font: str, size: float, colour) -> None:
        raise NotImplementedError

    def _centred_line(self, y: float, line: str) -> None:
        raise NotImplementedError

    def centred(self, text, *, font=REGULAR, size=12, colour=TEXT, leading=None, gap=0):
        """Centred text wrapped to the page width; moves down past it."""
        leading = leading or size * 1.3
        self._style(font, size, colour)
        for line in _wrapped(text, font, size):
            self.y -= leading
            self._centred_line(self.y, line)
        self.y -= gap


class Page(_Layout):
    """A few drawing helpers over one reportlab canvas."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.y = HEIGHT - MARGIN

    def _style(self, font, size, colour):
        self.pdf.setFont(font, size)
        self.pdf.setFillColor(colour)

    def _centred_line(self, y, line):
        self.pdf.drawCentredString(WIDTH / 2, y, line)

    def image(self, path, *, x, y, max_width, max_height, anchor="c"):
        if not path:
            return 0
        width, height = _image_size(path)
        scale = min(max_width / width, max_height / height)
        width, height = width * scale, height * scale
        left = {"c": x - width / 2, "w": x, "e": x - width}[anchor]
        # A JPEG file path: reportlab copies its bytes into the PDF as they are.
        self.pdf.drawImage(path, left, y, width, height)
        return height

    def qr(self, data, *, x, y, size):
        """A QR code drawn as vector squares, one path for the whole symbol."""
        count, runs = qr_runs(data)
        path = self.pdf.beginPath()
        for left, bottom, width, height in runs:
            path.rect(left, bottom, width, height)
        self.pdf.saveState()
        self.pdf.translate(x, y)
        self.pdf.scale(size / count, size / count)
        self.pdf.setFillColor(TEXT)
        self.pdf.drawPath(path, stroke=0, fill=1)
        self.pdf.restoreState()


def _qr_modules(data: str) -> tuple[int, bytes]:
    """A QR code's side in modules, and its modules row by row: a byte each, 0 dark, 255 light.

    zxing-cpp makes the symbol (error correction M, as ever) in compiled code,
    about twenty times faster than segno did in Python: the symbol was a third
    of a certificate issued in bulk. The mask is fixed rather than searched
    for: any of the eight masks is valid, and the search would double the
    encoder's time.
    """
    symbol = zxingcpp.create_barcode(
        data, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=QR_MASK
    )
    image = symbol.to_image(scale=1, add_quiet_zones=False)
    modules = memoryview(image).tobytes()  # type: ignore[arg-type]  # the stub omits the buffer
    return image.shape[1], modules


def qr_runs(data: str) -> tuple[int, list[tuple[int, int, int, int]]]:
    """A QR code as (side in modules, rectangles of dark modules), y pointing up.

    Each rectangle is one run of dark modules in a row, in whole modules, so
    the drawing writes short integers instead of formatting a float per corner.
    """
    side, modules = _qr_modules(data)
    # A light module closes each row, so that no run goes on into the next one.
    rows = b"\xff".join([modules[row : row + side] for row in range(0, len(modules), side)])
    stride, count = side + 1, side + 2 * QR_BORDER
    top = count - QR_BORDER - 1
    return count, [
        (start % stride + QR_BORDER, top - start // stride, end - start, 1)
        for start, end in map(re.Match.span, _DARK_RUNS.finditer(rows))
    ]


def qr_path(data: str) -> tuple[int, str]:
    """A QR code as (side in modules, a PDF path of one unit square per dark module).

    The squares are picked from the symbol's bytes by C code (``compress``),
    each written once per process for a symbol's size: formatting a rectangle
    per run of dark modules in Python took three times as long as making the
    symbol. Filled as one path, adjacent squares join without a seam.
    """
    side, modules = _qr_modules(data)
    return side + 2 * QR_BORDER, "".join(compress(_module_squares(side), modules.translate(_DARK)))


@lru_cache(maxsize=8)
def _module_squares(side: int) -> tuple[str, ...]:
    """Every module's unit square as a PDF path operator, row by row, y pointing up."""
    top = side + QR_BORDER - 1
    return tuple(
        f"{column + QR_BORDER} {top - row} 1 1 re " for row in range(side) for column in range(side)
    )


class Sheet(_Layout):
    """The certificate's drawing helpers over a directly written page (see pdfwriter)."""

    def __init__(self, page: OnePage):
        self.page = page
        self.y = HEIGHT - MARGIN

    def _style(self, font, size, colour):
        self.page.font(font, size)
        self.page.fill_colour(colour)

    def _centred_line(self, y, line):
        self.page.centred_text(WIDTH / 2, y, line)

    def image(self, path, *, x, y, max_width, max_height):
        """A JPEG scaled into a box centred on x; its drawn height (0 without an image)."""
        if not path:
            return 0
        picture = embedded_image(path)
        scale = min(max_width / picture.width, max_height / picture.height)
        width, height = picture.width * scale, picture.height * scale
        self.page.image(path, x - width / 2, y, width, height)
        return height

    def qr(self, data, *, x, y, size):
        count, path = qr_path(data)
        self.page.fill_colour(TEXT)
        self.page.fill_path(path, x=x, y=y, scale=size / count)


def render_certificate(snapshot: dict[str, Any], version: CertificateTemplateVersion) -> bytes:
    """The PDF of a certificate from its snapshot and its template version.

    The same snapshot and version always give the same bytes: the document's
    dates are the day of issue, not the moment it was drawn.
    """
    language = snapshot["language"]
    with translation.override(language):
        return _draw(snapshot, version, language)


def _draw(snapshot, version, language):
    holder, course, edition = snapshot["holder"], snapshot["course"], snapshot["edition"]
    hours, issuer = snapshot["hours"], snapshot["issuer"]
    pdf = OnePage(WIDTH, HEIGHT)
    phrases = _phrases(language)
    title = phrases["title"]

    pdf.stroke_colour(PRIMARY)
    pdf.line_width(2)
    pdf.stroke_rect(24, 24, WIDTH - 48, HEIGHT - 48)
    pdf.line_width(0.5)
    pdf.stroke_rect(30, 30, WIDTH - 60, HEIGHT - 60)

    page = Sheet(pdf)
    logo_height = page.image(
        version.logo.path if version.logo else None,
        x=WIDTH / 2,
        y=HEIGHT - MARGIN - 64,
        max_width=180,
        max_height=64,
    )
    if logo_height:
        page.y -= 72
    page.centred(issuer["name"], font=BOLD, size=14)
    if issuer["office"]:
        page.centred(issuer["office"], size=10, colour=MUTED)
    page.y -= 48
    page.centred(title.upper(), font=BOLD, size=24, colour=PRIMARY, gap=32)
    page.centred(phrases["we_attest"], size=12, gap=8)
    page.centred(holder["name"], font=BOLD, size=22, gap=4)
    if holder["centre"]:
        page.centred(phrases["serving_at"] % {"centre": holder["centre"]}, size=11)
    page.y -= 24
    page.centred(phrases["attended"], size=12, gap=4)
    page.centred(f"{course['code']} – {course['title']}", font=SEMIBOLD, size=16, gap=4)
    page.centred(
        phrases["programme"] % {"programme": snapshot["programme"]["title"]},
        size=11,
        gap=18,
    )
    where = phrases["edition"] % {"code": edition["code"]}
    if edition["cluster"]:
        where += f" · {edition['cluster']}"
    page.centred(where, size=11)
    page.centred(
        phrases["from_to"]
        % {"start": _date(edition["starts_on"]), "end": _date(edition["ends_on"])},
        size=11,
        gap=18,
    )
    page.centred(
        phrases["hours"]
        % {
            "attended": _hours(hours["attended"]),
            "total": _hours(hours["total"]),
            "share": number_format(Decimal(hours["share"]).quantize(Decimal("1"))),
        },
        font=SEMIBOLD,
        size=12,
    )
    if snapshot["conditions"]:
        page.centred(
            phrases["conditions"] % {"conditions": "; ".join(snapshot["conditions"])},
            size=10,
        )
    if snapshot["programme"]["funder"]:
        page.y -= 8
        page.centred(
            phrases["funder"] % {"funder": snapshot["programme"]["funder"]},
            size=9,
            colour=MUTED,
        )

    # Date and place on the left, signature on the right.
    base = 168
    pdf.fill_colour(TEXT)
    pdf.font(REGULAR, 11)
    issued = _date(snapshot["issued_on"])
    issued_line = (
        phrases["place_date"] % {"place": issuer["place"], "date": issued}
        if issuer["place"]
        else phrases["issued_on"] % {"date": issued}
    )
    pdf.text(MARGIN, base + 40, issued_line)
    if snapshot["expires_on"]:
        pdf.font(REGULAR, 10)
        pdf.text(
            MARGIN,
            base + 24,
            phrases["valid_until"] % {"date": _date(snapshot["expires_on"])},
        )
    right = WIDTH - MARGIN - 100
    pdf.font(REGULAR, 10)
    if issuer["signatory_role"]:
        pdf.centred_text(right, base + 58, issuer["signatory_role"])
    page.image(
        version.signature.path if version.signature else None,
        x=right,
        y=base + 8,
        max_width=160,
        max_height=44,
    )
    pdf.font(SEMIBOLD, 11)
    pdf.centred_text(right, base - 4, issuer["signatory_name"])

    # Verification: QR code and the code itself.
    qr_size = 78
    page.qr(snapshot["verification_url"], x=MARGIN - 6, y=44, size=qr_size)
    left = MARGIN + qr_size + 4
    pdf.fill_colour(MUTED)
    pdf.font(REGULAR, 9)
    pdf.text(left, 100, phrases["code"])
    pdf.fill_colour(TEXT)
    pdf.font(BOLD, 14)
    pdf.text(left, 84, grouped(snapshot["code"]))
    pdf.font(REGULAR, 8.5)
    pdf.fill_colour(MUTED)
    pdf.text(left, 68, phrases["verify"])
    pdf.text(left, 57, snapshot["verification_url"])

    return pdf.document(
        language=PDF_LANGUAGES.get(language, language),
        title=f"{title} – {course['code']} – {holder['name']}",
        author=issuer["name"],
        subject=f"{course['code']} – {course['title']}",
        keywords=grouped(snapshot["code"]),
        creator="Aula",
        created_on=date.fromisoformat(snapshot["issued_on"]),
    )
