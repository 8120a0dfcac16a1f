"""A one-page PDF written directly, with what never changes prepared once per process.

reportlab's canvas re-subsets each embedded TrueType face and serialises
every object afresh for each document: for a certificate that was most of
its time (see ``bench/bench_certificates.py`` and ``bench/RESULTS.md``). Here
each face is embedded whole (only the tables a PDF reader needs) as a
Type 0 font with Identity-H encoding, so a glyph's code is its glyph id, the
same for every document: the face's objects, its ToUnicode map (which keeps
the text extractable and searchable) and the JPEG images are bytes made once
and copied into each PDF. Only the page's content stream, the document
information and the cross-reference table are written per document.

reportlab still parses the faces and measures text (``pdfmetrics``), so
lines wrap and centre exactly as they did on the canvas.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from PIL import Image as PillowImage
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics

from .fonts import FACES, embeddable_sfnt, register_fonts

# The first object numbers: catalogue, page tree, page, content stream, document information.
CATALOG, PAGES, PAGE, CONTENT, INFO = 1, 2, 3, 4, 5
FIRST_FONT_OBJECT = 6
OBJECTS_PER_FACE = 5  # Type 0 font, CID font, descriptor, font file, ToUnicode map


@lru_cache(maxsize=4096)
def _number(value: float) -> str:
    """A PDF number: short, no exponent, no trailing zeros (the same sizes, colours and
    positions recur on every page)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_string(value: str) -> bytes:
    """A PDF text string: literal when ASCII, UTF-16BE with its byte order mark otherwise."""
    if value.isascii():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        escaped = escaped.replace("\r", "\\r").replace("\n", "\\n")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<%s /Length %d>>\nstream\n%s\nendstream" % (dictionary, len(data), data)


@dataclass(frozen=True)
class EmbeddedFace:
    """One face as PDF objects, and its glyph ids for the text drawn with it."""

    resource: str  # the name the content stream uses: /F1, /F2, ...
    glyph_codes: dict[str, str]  # character → its glyph id as four hex digits
    objects: tuple[bytes, ...]  # the face's objects, numbered from ``first``
    first: int
    # Texts encoded already: the issuer, the course and the fixed sentences recur on every page.
    _encoded: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def encode(self, text: str) -> str:
        encoded = self._encoded.get(text)
        if encoded is None:
            codes = self.glyph_codes
            encoded = "<" + "".join(codes.get(char, "0000") for char in text) + ">"
            if len(self._encoded) < 4096:
                self._encoded[text] = encoded
        return encoded


def _to_unicode(glyph_to_char: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    pairs = sorted(glyph_to_char.items())
    for start in range(0, len(pairs), 100):
        block = pairs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [
            f"<{glyph:04X}> <{char.encode('utf-16-be').hex().upper()}>" for glyph, char in block
        ]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode("ascii")


def _embed(name: str, index: int) -> EmbeddedFace:
    face = pdfmetrics.getFont(name).face
    first = FIRST_FONT_OBJECT + index * OBJECTS_PER_FACE
    cid, descriptor, file, to_unicode = first + 1, first + 2, first + 3, first + 4
    glyph_to_char: dict[int, str] = {}
    for code, glyph in sorted(face.charToGlyph.items()):
        if code < 0x10000 and glyph:
            glyph_to_char.setdefault(glyph, chr(code))
    glyph_codes = {chr(code): f"{glyph:04X}" for code, glyph in face.charToGlyph.items()}
    widths = " ".join(
        f"{glyph} [{_number(face.charWidths[ord(char)])}]"
        for glyph, char in sorted(glyph_to_char.items())
    )
    postscript = face.name.decode("ascii")
    font_file = embeddable_sfnt(name)
    packed = zlib.compress(font_file, 9)
    x0, y0, x1, y1 = face.bbox
    objects = (
        (
            f"<</Type /Font /Subtype /Type0 /BaseFont /{postscript} /Encoding /Identity-H "
            f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R>>"
        ).encode("ascii"),
        (
            f"<</Type /Font /Subtype /CIDFontType2 /BaseFont /{postscript} "
            "/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "
            f"/FontDescriptor {descriptor} 0 R /DW {_number(face.defaultWidth)} "
            f"/W [{widths}] /CIDToGIDMap /Identity>>"
        ).encode("ascii"),
        (
            f"<</Type /FontDescriptor /FontName /{postscript} /Flags {face.flags} "
            f"/FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle {_number(face.italicAngle)} "
            f"/Ascent {face.ascent} /Descent {face.descent} /CapHeight {face.capHeight} "
            f"/StemV {face.stemV} /FontFile2 {file} 0 R>>"
        ).encode("ascii"),
        _stream(b"/Filter /FlateDecode /Length1 %d" % len(font_file), packed),
        _stream(b"/Filter /FlateDecode", zlib.compress(_to_unicode(glyph_to_char), 9)),
    )
    return EmbeddedFace(f"/F{index + 1}", glyph_codes, objects, first)


@cache
def embedded_faces() -> dict[str, EmbeddedFace]:
    """Every face, ready to copy into a PDF: made once per process."""
    register_fonts()
    return {name: _embed(name, index) for index, name in enumerate(FACES)}


@dataclass(frozen=True)
class EmbeddedImage:
    width: int
    height: int
    stream: bytes  # the image XObject, without its object number


@lru_cache(maxsize=32)
def embedded_image(path: str) -> EmbeddedImage:
    """A JPEG file as an image XObject, its bytes as they are (read once per process).

    Template versions never change their files, so the path is the key.
    """
    with PillowImage.open(path) as picture:
        width, height = picture.size
        if picture.format == "JPEG" and picture.mode in ("RGB", "L"):
            with open(path, "rb") as source:
                data = source.read()
            space = "DeviceRGB" if picture.mode == "RGB" else "DeviceGray"
        else:
            # Template versions store JPEGs (services._print_copy); anything else is re-encoded.
            import io

            output = io.BytesIO()
            picture.convert("RGB").save(output, format="JPEG", quality=92)
            data, space = output.getvalue(), "DeviceRGB"
    dictionary = (
        f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
        f"/ColorSpace /{space} /BitsPerComponent 8 /Filter /DCTDecode"
    ).encode("ascii")
    return EmbeddedImage(width, height, _stream(dictionary, data))


class OnePage:
    """The content of one page, then the whole document as bytes."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.faces = embedded_faces()
        self.ops: list[str] = []
        self.images: list[EmbeddedImage] = []
        self._font: tuple[str, float] | None = None

    # --- Drawing -------------------------------------------------------------------------------

    def fill_colour(self, colour: Color) -> None:
        self.ops.append(f"{_number(colour.red)} {_number(colour.green)} {_number(colour.blue)} rg")

    def stroke_colour(self, colour: Color) -> None:
        self.ops.append(f"{_number(colour.red)} {_number(colour.green)} {_number(colour.blue)} RG")

    def line_width(self, width: float) -> None:
        self.ops.append(f"{_number(width)} w")

    def stroke_rect(self, x: float, y: float, width: float, height: float) -> None:
        self.ops.append(f"{_number(x)} {_number(y)} {_number(width)} {_number(height)} re S")

    def font(self, name: str, size: float) -> None:
        self._font = (name, size)

    def text(self, x: float, y: float, text: str) -> None:
        if self._font is None:
            raise ValueError("Choose a font before drawing text")
        name, size = self._font
        face = self.faces[name]
        self.ops.append(
            f"BT {face.resource} {_number(size)} Tf {_number(x)} {_number(y)} Td "
            f"{face.encode(text)} Tj ET"
        )

    def centred_text(self, x: float, y: float, text: str) -> None:
        name, size = self._font or ("", 0)
        self.text(x - pdfmetrics.stringWidth(text, name, size) / 2, y, text)

    def image(self, path: str, x: float, y: float, width: float, height: float) -> None:
        image = embedded_image(path)
        self.images.append(image)
        self.ops.append(
            f"q {_number(width)} 0 0 {_number(height)} {_number(x)} {_number(y)} cm "
            f"/Im{len(self.images)} Do Q"
        )

    def fill_path(self, path: str, *, x: float, y: float, scale: float) -> None:
        """A path (its construction operators) in a scaled space, filled."""
        self.ops.append(
            f"q {_number(scale)} 0 0 {_number(scale)} {_number(x)} {_number(y)} cm {path} f Q"
        )

    # --- The document --------------------------------------------------------------------------

    def document(
        self,
        *,
        language: str,
        title: str,
        author: str,
        subject: str,
        keywords: str,
        creator: str,
        created_on: date,
    ) -> bytes:
        faces = list(self.faces.values())
        first_image = FIRST_FONT_OBJECT + OBJECTS_PER_FACE * len(faces)
        fonts = " ".join(f"{face.resource} {face.first} 0 R" for face in faces)
        images = " ".join(f"/Im{n + 1} {first_image + n} 0 R" for n in range(len(self.images)))
        content = _compress("\n".join(self.ops).encode("ascii"))
        stamp = created_on.strftime("D:%Y%m%d000000+00'00'").encode("ascii")
        info = b"<</Title %s /Author %s /Subject %s /Keywords %s /Creator %s /Producer %s " % (
            text_string(title),
            text_string(author),
            text_string(subject),
            text_string(keywords),
            text_string(creator),
            text_string(creator),
        )
        info += b"/CreationDate (%s) /ModDate (%s)>>" % (stamp, stamp)
        objects: list[bytes] = [
            b"<</Type /Catalog /Pages %d 0 R /Lang %s>>" % (PAGES, text_string(language)),
            b"<</Type /Pages /Kids [%d 0 R] /Count 1>>" % PAGE,
            (
                f"<</Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {_number(self.width)} "
                f"{_number(self.height)}] /Contents {CONTENT} 0 R /Resources <</Font <<{fonts}>> "
                f"/XObject <<{images}>> /ProcSet [/PDF /Text /ImageB /ImageC]>>>>"
            ).encode("ascii"),
            _stream(b"/Filter /FlateDecode", content),
            info,
        ]
        for face in faces:
            objects.extend(face.objects)
        objects.extend(image.stream for image in self.images)
        return _assemble(objects, identifier=hashlib.md5(content + info).hexdigest())


def _compress(data: bytes) -> bytes:
    """A content stream deflated at level 1 (about 5 % larger than level 6, in a third of its
    time) with an 8 KB window: setting up zlib's default 32 KB window took longer than
    compressing a certificate's stream (about 11 KB, 3 KB deflated) itself."""
    deflate = zlib.compressobj(1, zlib.DEFLATED, 13, 8)
    return deflate.compress(data) + deflate.flush()


def _assemble(objects: list[bytes], *, identifier: str) -> bytes:
    parts = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets, position = [], len(parts[0])
    for number, body in enumerate(objects, start=1):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(position)
        parts.append(chunk)
        position += len(chunk)
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets]
    parts.extend(xref)
    parts.append(
        b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, CATALOG, INFO, identifier.encode(), identifier.encode(), position)
    )
    return b"".join(parts)
