"""The certificate's PDF: what it says, in which language, its metadata and its QR code."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone, translation
from django.utils.formats import date_format

from certificates import services
from certificates.fonts import FACES, FONT_DIR, woff_to_sfnt
from courses.models import Course

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def qr_codes(data: bytes):
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def issue(issue_certificate):
    return lambda **person: issue_certificate(days=(5, 5, 3.5), **person)


def test_the_pdf_names_holder_course_hours_and_code(issue):
    certificate = issue(first_name="Giuseppina", last_name="Lo Presti")
    data = certificate.pdf.read()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = pdf_text(data)
    for expected in (
        "ATTESTATO DI PARTECIPAZIONE",
        "Giuseppina Lo Presti",
        "in servizio presso CPI Palermo Centro",
        "UD1 – Trasparenza e accesso agli atti",
        "«Piano di prova»",
        f"edizione {certificate.edition.code} · Palermo Città",
        "con la frequenza di 13,5 ore su 15 (90%)",
        "Regione di prova",
        "Servizio formazione del personale dei CPI",
        "La dirigente del servizio",
        "Maria Rossi",
        certificate.grouped_code,
    ):
        assert expected in text, expected
    with translation.override("it"):
        issued_on = date_format(timezone.localdate(certificate.issued_at), "DATE_FORMAT")
    assert f"Palermo, {issued_on}" in text  # e.g. "Palermo, 2 dicembre 2026": the Italian day
    assert services.hashlib.sha256(data).hexdigest() == certificate.pdf_sha256


def test_the_qr_code_opens_the_verification_page(issue):
    certificate = issue()
    assert qr_codes(certificate.pdf.read()) == [
        f"http://testserver/attestati/verifica/{certificate.code}/"
    ]


def test_the_pdf_carries_title_author_and_language(issue):
    certificate = issue(first_name="Anna", last_name="Greco")
    reader = pypdf.PdfReader(io.BytesIO(certificate.pdf.read()))
    assert reader.metadata.title == "Attestato di partecipazione – UD1 – Anna Greco"
    assert reader.metadata.author == "Regione di prova"
    assert reader.trailer["/Root"]["/Lang"] == "it-IT"


def test_a_holder_whose_language_is_english_gets_it_in_english(issue):
    certificate = issue(language="en", first_name="Anna", last_name="Greco")
    data = certificate.pdf.read()
    text = pdf_text(data)
    assert "CERTIFICATE OF PARTICIPATION" in text
    assert "This is to certify that" in text
    assert "attending 13.5 hours out of 15 (90%)" in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "Certificate of participation – UD1 – Anna Greco"


def test_names_beyond_latin_1_and_long_titles_are_printed_whole(issue, course):
    Course.objects.filter(pk=course.pk).update(
        title="Trasparenza, accesso documentale, civico e generalizzato agli atti, protezione "
        "dei dati personali e regime di responsabilità del dipendente pubblico allo sportello"
    )
    course.refresh_from_db()
    certificate = issue(first_name="Ștefan Łukasz", last_name="Dvořák")
    text = pdf_text(certificate.pdf.read())
    assert "Ștefan Łukasz Dvořák" in text
    assert "regime di responsabilità del dipendente pubblico allo sportello" in text


def test_the_woff_container_unwraps_to_the_fonts_own_tables():
    sfnt = woff_to_sfnt((FONT_DIR / FACES["Titillium"]).read_bytes())
    assert sfnt[:4] == b"\x00\x01\x00\x00"  # TrueType outlines
    tables = int.from_bytes(sfnt[4:6], "big")
    tags = {sfnt[12 + 16 * i : 16 + 16 * i] for i in range(tables)}
    assert {b"cmap", b"glyf", b"head", b"hmtx", b"name"} <= tags
    with pytest.raises(ValueError):
        woff_to_sfnt(sfnt)
