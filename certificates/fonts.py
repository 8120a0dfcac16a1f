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


def woff_to_sfnt(data: bytes) -> bytes:
    """The TrueType/OpenType font inside a WOFF 1.0 file."""
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
        tables.append((tag, checksum, table))
    tables.sort()
    selector = count.bit_length() - 1
    search_range = (1 << selector) * 16
    header = struct.pack(">IHHHH", flavor, count, search_range, selector, count * 16 - search_range)
    directory, body = io.BytesIO(), io.BytesIO()
    offset = 12 + 16 * count
    for tag, checksum, table in tables:
        directory.write(struct.pack(">4sIII", tag, checksum, offset + body.tell(), len(table)))
        body.write(table + b"\0" * (-len(table) % 4))
    return header + directory.getvalue() + body.getvalue()


@cache
def register_fonts():
    """Register the faces with reportlab once per process."""
    for name, filename in FACES.items():
        sfnt = woff_to_sfnt((FONT_DIR / filename).read_bytes())
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(sfnt)))
    return tuple(FACES)
