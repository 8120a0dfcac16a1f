"""Materials in a real browser: a teacher uploads, a participant finds and downloads, others are kept out."""

import pytest

from resources import services
from resources.models import Resource
from tests.conftest import PASSWORD
from tests.resources import conftest as resource_fixtures
from tests.resources.conftest import accepted, docx_bytes, pdf_bytes

from .helpers import assert_accessible, login

# The resources tests' fixtures, shared with these browser tests.
_media_in_tmp = resource_fixtures._media_in_tmp
learner = resource_fixtures.learner
plan = resource_fixtures.plan
unit_teacher = resource_fixtures.unit_teacher

pytestmark = pytest.mark.browser

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def file_payload(name, data, mime="application/octet-stream"):
    return {"name": name, "mimeType": mime, "buffer": data}


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_teacher_uploads_and_a_participant_finds_the_word_inside_the_pdf(
    live_url, new_page, plan, unit_teacher, learner
):
    teacher = new_page()
    login(teacher, unit_teacher.email, PASSWORD)
    teacher.goto(f"/risorse/carica/?corso={plan['unit'].slug}")
    assert_accessible(teacher)
    teacher.locator("#id_files").set_input_files(
        [
            file_payload(
                "slide-giornata-1.pdf",
                pdf_bytes(title="Slide", text="Il principio di sussidiarieta orizzontale"),
            ),
            file_payload("modulo-presenze.docx", docx_bytes(title="Modulo presenze")),
            file_payload("aggiornamento.pdf", EXECUTABLE),
            file_payload("vuoto.txt", b"", "text/plain"),
        ]
    )
    teacher.get_by_label("Tipo").select_option(label="Slide")
    teacher.get_by_label("Iscritti al corso").check()
    teacher.get_by_role("button", name="Carica", exact=True).click()
    teacher.wait_for_url("**/risorse/?corso=*")
    messages = teacher.inner_text("main")
    assert "2 file caricati" in messages
    assert (
        "«aggiornamento.pdf» non è stato caricato: il contenuto del file non è di un tipo ammesso"
        in messages
    )
    assert "«vuoto.txt» non è stato caricato: il file è vuoto." in messages
    assert_accessible(teacher)
    assert set(Resource.objects.values_list("title", flat=True)) == {
        "Slide giornata 1",
        "Modulo presenze",
    }

    teacher.get_by_role("link", name="Slide giornata 1").click()
    preview = teacher.get_by_role("img", name="Prima pagina di «Slide giornata 1»")
    preview.wait_for()
    # The preview loads lazily: under load it may not have arrived when the element appears.
    teacher.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    assert teacher.evaluate("(img) => img.naturalWidth", preview.element_handle()) == 720
    assert_accessible(teacher)
    resource_url = teacher.url

    participant = new_page()
    login(participant, learner.email, PASSWORD)
    participant.goto("/risorse/")
    participant.get_by_role("searchbox", name="Cerca", exact=True).fill("sussidiarieta")
    participant.get_by_role("button", name="Applica").click()
    results = participant.locator(".resource-list")
    assert results.get_by_role("link").all_inner_texts() == ["Slide giornata 1"]
    assert_accessible(participant)
    results.get_by_role("link", name="Slide giornata 1").click()
    assert "Versione 1 del" in participant.inner_text("main")
    download_url = participant.get_by_role("link", name="Scarica").get_attribute("href")
    response = participant.request.get(download_url)
    assert response.status == 200 and response.body().startswith(b"%PDF")

    visitor = new_page()
    visitor.goto(download_url)
    assert "/account/login/" in visitor.url
    visitor.goto(resource_url)
    assert "/account/login/" in visitor.url


def test_the_library_and_a_staff_resource_page_at_320_pixels(
    live_url, new_page, plan, unit_teacher
):

    guide = services.resource_create_from_uploads(
        user=unit_teacher,
        uploads=accepted("kit.pdf", pdf_bytes(title="Kit")) + accepted("scheda.docx", docx_bytes()),
        kind=Resource.Kind.TOOL,
        audience=Resource.Audience.ENROLLED,
        course=plan["unit"],
        folder_title="Kit per l'accoglienza con un titolo lungo da andare a capo",
        description="Una cartella con due file per il primo colloquio.",
    )[0]
    services.resource_version_add(
        user=unit_teacher,
        resource=guide,
        uploads=accepted("promemoria.pdf", pdf_bytes(title="Promemoria")),
        keep_files=list(guide.current_version.files.all()),
        change_note="Aggiunto il promemoria dei documenti da portare",
    )
    page = new_page(width=320)
    login(page, unit_teacher.email, PASSWORD)
    for url in (
        "/risorse/",
        guide.get_absolute_url(),
        f"/risorse/carica/?corso={plan['unit'].slug}",
    ):
        page.goto(url)
        assert fits(page, 320), url
        assert_accessible(page)
    page.goto(guide.get_absolute_url())
    versions = page.get_by_role(
        "table", name="Tutte le versioni: chi partecipa ai corsi vede solo quella corrente."
    )
    assert "Aggiunto il promemoria" in versions.inner_text()
    page.goto(f"{guide.get_absolute_url()}nuova-versione/")
    assert fits(page, 320)
    assert_accessible(page)
