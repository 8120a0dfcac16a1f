"""Office files that inflate far beyond their size are refused or cut short before they are read."""

import pytest

from resources.extraction import UnreadableFile, extract_text

from .conftest import zip_bytes

A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def slide(paragraphs: int) -> str:
    return (
        f'<p:sld xmlns:p="p" {A}>' + "<a:p><a:r><a:t>x</a:t></a:r></a:p>" * paragraphs + "</p:sld>"
    )


def pptx(slides: dict[str, str]) -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>", **slides})


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = f"<w:document {W}><w:body>{body}</w:body></w:document>"
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": document})


def test_many_slides_that_together_inflate_too_much_are_refused():
    one = slide(30_000)  # about 1 MB of XML, each slide under the per-part limit
    data = pptx({f"ppt/slides/slide{n}.xml": one for n in range(1, 61)})
    assert len(data) < 1024 * 1024
    with pytest.raises(UnreadableFile, match="too large"):
        extract_text(data, "pptx")


def test_a_part_compressed_like_a_bomb_is_refused():
    data = docx(["a" * 5_000_000])
    assert len(data) < 50_000
    with pytest.raises(UnreadableFile, match="compressed more than"):
        extract_text(data, "docx")


def test_reading_stops_when_the_element_budget_is_spent(monkeypatch):
    monkeypatch.setattr("resources.extraction.MAX_XML_ELEMENTS", 400)
    extracted = extract_text(docx([f"p{n}" for n in range(1000)]), "docx")
    lines = extracted.text.splitlines()
    assert lines[0] == "p0"
    assert 50 < len(lines) < 400


def test_reading_stops_at_a_paragraph_with_too_many_elements(monkeypatch):
    monkeypatch.setattr("resources.extraction.MAX_PARAGRAPH_ELEMENTS", 100)
    runs = "".join("<w:r><w:t>x</w:t></w:r>" for _ in range(1000))
    document = (
        f"<w:document {W}><w:body><w:p><w:r><w:t>Primo</w:t></w:r></w:p>"
        f"<w:p>{runs}</w:p><w:p><w:r><w:t>Ultimo</w:t></w:r></w:p></w:body></w:document>"
    )
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": document})
    assert extract_text(data, "docx").text == "Primo"


def test_text_is_capped_and_the_slides_still_counted(monkeypatch):
    monkeypatch.setattr("resources.extraction.MAX_TEXT_CHARACTERS", 1000)
    data = pptx({f"ppt/slides/slide{n}.xml": slide(500) for n in range(1, 11)})
    extracted = extract_text(data, "pptx")
    assert len(extracted.text) <= 1000
    assert extracted.page_count == 10
