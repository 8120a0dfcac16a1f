"""The certificate's typeface: Titillium Web, the Italian public administration's font.

Bootstrap Italia already ships it (SIL Open Font License) as WOFF files under
``static/vendor``, with the Latin Extended glyphs that names such as Ștefan or
Łukasz need and that PDF's standard fonts lack. reportlab embeds TrueType, so
the WOFF container is unwrapped here: WOFF 1.0 is the font's TrueType tables,
each zlib-compressed, behind a small directory (W3C WOFF 1.0, section 5).
That keeps a single copy of the font in the repository and no font tool
among the dependencies.
"""

import io
import struct
import zlib
from functools import cache

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = settings.BASE_DIR / "static/vendor/bootstrap-italia/fonts/Titillium_Web"
FACES = {
    "Titillium": "titillium-web-v10-latin-ext_latin-regular.woff",
    "Titillium-SemiBold": "titillium-web-v10-latin-ext_latin-600.woff",
    "Titillium-Bold": "titillium-web-v10-latin-ext_latin-700.woff",
}
REGULAR, SEMIBOLD, BOLD = FACES


# What a PDF reader needs of a TrueType face to draw it (ISO 32000-1, 9.9): no layout tables.
PDF_TABLES = frozenset(
    {b"cmap", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep"}
    | {b"name", b"OS/2"}
)


def woff_to_sfnt(data: bytes, tables_kept: frozenset[bytes] | None = None) -> bytes:
    """The TrueType/OpenType font inside a WOFF 1.0 file (only ``tables_kept``, if given)."""
    signature, flavor, _length, count = struct.unpack(">4sIIH", data[:14])
    if signature != b"wOFF":
        raise ValueError("Not a WOFF 1.0 font")
    tables = []
    for index in range(count):
        start = 44 + 20 * index
        tag, offset, stored, original, checksum = struct.unpack(">4sIIII", data[start : start + 20])
        table = data[offset : offset + stored]
        if stored < original:
            table = zlib.decompress(table)
        if tables_kept is None or tag in tables_kept:
            tables.append((tag, checksum, table))
    tables.sort()
    count = len(tables)
    selector = count.bit_length() - 1
    search_range = (1 << selector) * 16
    header = struct.pack(">IHHHH", flavor, count, search_range, selector, count * 16 - search_range)
    directory, body = io.BytesIO(), io.BytesIO()
    offset = 12 + 16 * count
    for tag, checksum, table in tables:
        directory.write(struct.pack(">4sIII", tag, checksum, offset + body.tell(), len(table)))
        body.write(table + b"\0" * (-len(table) % 4))
    return header + directory.getvalue() + body.getvalue()


def embeddable_sfnt(name: str) -> bytes:
    """The face ``name`` as a PDF embeds it: its outlines and metrics, without layout tables."""
    return woff_to_sfnt((FONT_DIR / FACES[name]).read_bytes(), PDF_TABLES)


@cache
def register_fonts():
    """Register the faces with reportlab once per process."""
    for name, filename in FACES.items():
        sfnt = woff_to_sfnt((FONT_DIR / filename).read_bytes())
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(sfnt)))
    return tuple(FACES)
