"""Reading files: text from PDF and office packages, first-page previews, and what cannot be read."""

import io

import pytest
from PIL import Image

from resources import services
from resources.extraction import UnreadableFile, extract_text, render_pdf_preview
from resources.models import Resource, ResourceFile

from .conftest import accepted, docx_bytes, pdf_bytes, zip_bytes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def test_pdf_text_and_pages():
    extracted = extract_text(pdf_bytes(text="Assegno di ricollocazione"), "pdf")
    assert "Assegno di ricollocazione" in extracted.text
    assert extracted.page_count == 1


def test_word_text_keeps_paragraphs_apart():
    data = docx_bytes(title="Titolo", paragraphs=["Primo paragrafo.", "Secondo paragrafo."])
    assert extract_text(data, "docx").text.splitlines() == [
        "Titolo",
        "Primo paragrafo.",
        "Secondo paragrafo.",
    ]


def test_slides_are_read_in_their_order():
    slide = '<p:sld xmlns:p="p" {a}><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>'
    data = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": "<p/>",
            "ppt/slides/slide10.xml": slide.format(a=A, text="Dieci"),
            "ppt/slides/slide2.xml": slide.format(a=A, text="Due"),
        }
    )
    extracted = extract_text(data, "pptx")
    assert extracted.text == "Due\n\nDieci"
    assert extracted.page_count == 2


def test_spreadsheets_give_their_shared_and_inline_strings():
    from demo.documents import make_xlsx

    data = make_xlsx(title="Registro", header=["Centro", "Esito"], rows=[["CPI Noto", "accolta"]])
    assert extract_text(data, "xlsx").text.split() == ["Centro", "Esito", "CPI", "Noto", "accolta"]


def test_opendocument_text_with_spans_and_tabs():
    content = (
        '<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>'
        "<text:h>Verbale</text:h><text:p>Presenti<text:tab/>dodici <text:span>operatori</text:span>.</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    data = zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content}
    )
    assert extract_text(data, "odt").text.splitlines() == ["Verbale", "Presenti dodici operatori."]


def test_plain_text_in_either_encoding():
    assert extract_text("Città".encode(), "text").text == "Città"
    assert extract_text("Città".encode("cp1252"), "text").text == "Città"


@pytest.mark.parametrize(
    "data, file_type",
    [
        (b"%PDF-1.4 rotto", "pdf"),
        (b"PK\x03\x04 rotto", "docx"),
        (
            zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"}),
            "docx",
        ),
    ],
)
def test_broken_files_are_reported_unreadable(data, file_type):
    with pytest.raises(UnreadableFile):
        extract_text(data, file_type)


def test_an_oversized_part_is_not_inflated(monkeypatch):
    monkeypatch.setattr("resources.extraction.MAX_XML_PART_BYTES", 1000)
    body = (
        f"<w:document {W}><w:body>"
        + "<w:p><w:r><w:t>aaaa</w:t></w:r></w:p>" * 200
        + "</w:body></w:document>"
    )
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": body})
    with pytest.raises(UnreadableFile, match="too large"):
        extract_text(data, "docx")


def test_preview_is_a_picture_of_the_first_page():
    image = Image.open(io.BytesIO(render_pdf_preview(pdf_bytes(), width=300)))
    assert image.format == "WEBP"
    assert image.width == 300
    assert image.height > image.width  # A4 portrait


def test_a_file_that_cannot_be_read_stays_downloadable(plan):
    resource = services.resource_create_from_uploads(
        user=None,
        uploads=accepted("rotto.pdf", b"%PDF-1.4\nnon davvero un pdf"),
        kind=Resource.Kind.HANDOUT,
        audience=Resource.Audience.PUBLIC,
        process_in_background=False,
    )[0]
    resource_file = ResourceFile.objects.get(version=resource.current_version)
    assert resource_file.processing == ResourceFile.Processing.FAILED
    assert not resource_file.preview
    assert resource_file.document.file.size > 0


def test_processing_twice_keeps_one_preview(plan, django_capture_on_commit_callbacks):
    resource = services.resource_create_from_uploads(
        user=None,
        uploads=accepted("guida.pdf", pdf_bytes()),
        kind=Resource.Kind.HANDOUT,
        audience=Resource.Audience.PUBLIC,
        process_in_background=False,
    )[0]
    resource_file = ResourceFile.objects.get(version=resource.current_version)
    first = resource_file.preview.name
    storage = resource_file.preview.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_file_process(file_id=resource_file.pk)
    resource_file.refresh_from_db()
    assert resource_file.preview.name != first
    assert storage.exists(resource_file.preview.name)
    assert not storage.exists(first)
    services.resource_file_process(file_id=999_999)  # a file deleted meanwhile: nothing happens
