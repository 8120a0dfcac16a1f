"""Reading uploaded files: their text (for search) and a picture of a PDF's first page.

PDF text comes from pypdf, office text straight from the XML inside the
package (OOXML and OpenDocument are zip archives), previews from PDFium.
Every reader is bounded (pages, characters, uncompressed bytes checked before
inflating, XML elements read as a stream) because the files come from people,
and a file that cannot be read is reported, never fatal: the resource stays
downloadable without text or preview.
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from website.core.archives import ArchiveTooLarge, check_zip_sizes

logger = logging.getLogger(__name__)

MAX_TEXT_CHARACTERS = 200_000
MAX_PDF_PAGES = 300
MAX_XML_PART_BYTES = 20 * 1024 * 1024
MAX_XML_TOTAL_BYTES = 50 * 1024 * 1024  # all the parts read from one file, once inflated
MAX_XML_ELEMENTS = 2_000_000  # elements read from one file
MAX_PARAGRAPH_ELEMENTS = 20_000
PREVIEW_WIDTH = 720


class UnreadableFile(Exception):
    pass


@dataclass(frozen=True)
class Extracted:
    text: str
    page_count: int | None = None


def _squeeze(text):
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()[:MAX_TEXT_CHARACTERS]


def _pdf_text(data):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted PDF")
        parts, length = [], 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            part = page.extract_text() or ""
            parts.append(part)
            length += len(part)
            if length > MAX_TEXT_CHARACTERS:
                break
        return Extracted(_squeeze("\n\n".join(parts)), len(reader.pages))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise UnreadableFile(f"PDF: {error}") from error


# Elements holding a paragraph of text (OOXML w:p and a:p, OpenDocument text:p and
# text:h, spreadsheet shared and inline strings) and the empty ones that stand for a space.
_PARAGRAPH_TAGS = {"p", "h", "si", "is"}
_SPACE_TAGS = {"tab", "s", "br", "cr", "line-break"}


def _local_name(tag):
    return tag.rsplit("}", 1)[-1]


def _element_text(element):
    parts = [element.text or ""]
    for child in element:
        if _local_name(child.tag) in _SPACE_TAGS:
            parts.append(" ")
        else:
            parts.append(_element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Budget:
    """What is left to read of one file: characters of text and XML elements."""

    def __init__(self):
        self.characters = MAX_TEXT_CHARACTERS
        self.elements = MAX_XML_ELEMENTS

    @property
    def spent(self):
        return self.characters <= 0 or self.elements <= 0


def _xml_paragraphs(stream, budget: _Budget) -> list[str]:
    """The paragraphs of an XML part, read as a stream until the budget is spent.

    Each element is dropped from its parent once read, so memory holds one
    paragraph at a time, not the whole part; a paragraph of more than
    MAX_PARAGRAPH_ELEMENTS elements ends the reading.
    """
    paragraphs, open_elements = [], []
    depth = in_paragraph = 0  # depth of open paragraphs; elements in the outermost one
    try:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            is_paragraph = _local_name(element.tag) in _PARAGRAPH_TAGS
            if event == "start":
                open_elements.append(element)
                depth += is_paragraph
                in_paragraph = in_paragraph + 1 if depth else 0
                budget.elements -= 1
                if budget.spent or in_paragraph > MAX_PARAGRAPH_ELEMENTS:
                    break
                continue
            open_elements.pop()
            if is_paragraph:
                depth -= 1
                text = _element_text(element)
                paragraphs.append(text)
                budget.characters -= len(text)
                # Cleared once read, so a paragraph nested in another is not read twice.
                element.clear()
            if not depth and open_elements:
                open_elements[-1].remove(element)
            if budget.spent:
                break
    except ElementTree.ParseError as error:
        raise UnreadableFile(f"XML: {error}") from error
    return paragraphs


def _package_parts(package, file_type):
    names = package.namelist()
    if file_type == "docx":
        return [n for n in names if re.fullmatch(r"word/(document|footnotes|endnotes)\.xml", n)]
    if file_type == "pptx":

        def slide_number(name: str) -> int:
            found = re.search(r"(\d+)\.xml$", name)
            return int(found.group(1)) if found else 0

        slides = [n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        return sorted(slides, key=slide_number)
    if file_type == "xlsx":
        return [n for n in names if re.fullmatch(r"xl/(sharedStrings|worksheets/sheet\d+)\.xml", n)]
    return ["content.xml"] if "content.xml" in names else []


def _office_text(data, file_type):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = _package_parts(package, file_type)
            check_zip_sizes(
                package,
                names=parts,
                max_total_bytes=MAX_XML_TOTAL_BYTES,
                max_entry_bytes=MAX_XML_PART_BYTES,
            )
            budget, texts = _Budget(), []
            for name in parts:
                with package.open(name) as stream:
                    texts.append("\n".join(_xml_paragraphs(stream, budget)))
                if budget.spent:
                    break
            pages = len(parts) if file_type == "pptx" else None
            return Extracted(_squeeze("\n\n".join(texts)), pages)
    except ArchiveTooLarge as error:
        raise UnreadableFile(f"{file_type} too large once uncompressed: {error}") from error
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError) as error:
        raise UnreadableFile(f"{file_type}: {error}") from error


def _plain_text(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extracted(_squeeze(data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("text in an unknown encoding")


def extract_text(data: bytes, file_type: str) -> Extracted:
    """The text of a file's bytes, given the type read from its content."""
    if file_type == "pdf":
        return _pdf_text(data)
    if file_type in ("docx", "xlsx", "pptx", "odt", "ods", "odp"):
        return _office_text(data, file_type)
    if file_type == "text":
        return _plain_text(data)
    return Extracted("")


def render_pdf_preview(data: bytes, *, width: int = PREVIEW_WIDTH) -> bytes:
    """The first page of a PDF as WebP bytes."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"PDFium: {error}") from error
    try:
        if len(document) == 0:
            raise UnreadableFile("PDF without pages")
        page = document[0]
        try:
            scale = width / page.get_width()
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=80, method=4)
    return output.getvalue()
