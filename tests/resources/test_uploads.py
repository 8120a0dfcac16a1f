"""Uploads: each file judged on its own by name, size and content; the rest go through."""

import pytest
from django.urls import reverse

from resources.models import Resource, ResourceFile
from resources.uploads import safe_file_name
from website.accounts.roles import Role
from website.core.exceptions import Refused
from website.core.uploads import LIBRARY, POLICIES, check_file_name, check_upload

from .conftest import docx_bytes, pdf_bytes, upload, zip_bytes

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def post_upload(client, files, **fields):
    data = {
        "files": files,
        "kind": Resource.Kind.HANDOUT,
        "audience": Resource.Audience.ENROLLED,
        "language": "it",
        "licence": Resource.Licence.CC_BY,
        **fields,
    }
    return client.post(reverse("resources:upload"), data)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def teacher_client(client, unit_teacher):
    client.force_login(unit_teacher)
    return client


def test_bad_files_are_refused_one_by_one_while_the_good_ones_are_stored(
    teacher_client, plan, settings, django_capture_on_commit_callbacks
):
    settings.RESOURCES_MAX_UPLOAD_SIZE = 50_000
    files = [
        upload("slide giornata 1.pdf", pdf_bytes(title="Slide")),
        upload("installa.pdf", EXECUTABLE),
        upload("grande.pdf", pdf_bytes() + b"%" * 60_000),
        upload("..%2F..%2Fsettings.pdf", pdf_bytes()),
        upload("vuoto.txt", b""),
        upload("modulo.docx", docx_bytes()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(teacher_client, files, course=plan["unit"].pk)
    assert response.status_code == 302
    stored = Resource.objects.order_by("title")
    assert [r.title for r in stored] == ["Modulo", "Slide giornata 1"]
    assert all(r.course == plan["unit"] for r in stored)
    response = teacher_client.get(response.url)
    text = "\n".join(messages_of(response))
    assert "2 file caricati" in text
    assert (
        "«installa.pdf» non è stato caricato: il contenuto del file non è di un tipo ammesso"
        in text
    )
    assert "«grande.pdf» non è stato caricato: il file pesa" in text
    assert "«..%2F..%2Fsettings.pdf» non è stato caricato: il nome del file non è valido" in text
    assert "«vuoto.txt» non è stato caricato: il file è vuoto." in text
    assert ResourceFile.objects.count() == 2
    assert set(ResourceFile.objects.values_list("processing", flat=True)) == {"done"}


def test_when_every_file_is_refused_the_form_says_why_and_nothing_is_stored(teacher_client, plan):
    response = post_upload(
        teacher_client,
        [upload("programma.exe", EXECUTABLE), upload("vuoto.pdf", b"")],
        course=plan["unit"].pk,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert any("programma.exe: l'estensione «.exe» non è ammessa" in e for e in errors)
    assert any("vuoto.pdf: il file è vuoto." in e for e in errors)
    assert "Il modulo contiene errori" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_path_in_the_file_name_never_reaches_the_storage(teacher_client, plan):
    # Django's multipart parser drops the directories before the view sees the name;
    # what is stored is a plain name inside the documents folder.
    response = post_upload(
        teacher_client,
        [upload("../../../etc/cron.d/guida.pdf", pdf_bytes())],
        course=plan["unit"].pk,
    )
    assert response.status_code == 302
    document = ResourceFile.objects.get().document
    assert document.file.name.startswith("documents/guida")
    assert "/" not in document.file.name.removeprefix("documents/")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.pdf",
        "cartella/guida.pdf",
        ".nascosto.pdf",
        "guida.pdf:flusso.exe",
        "con.pdf",
        "LPT1.txt",
        "nome\x00.pdf",
        "..%2fpasswd.pdf",
    ],
)
def test_names_with_path_tricks_are_refused(name):
    with pytest.raises(Refused, match="nome del file non è valido"):
        check_file_name(name)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("guida.pdf", pdf_bytes(), "pdf"),
        ("modulo.docx", docx_bytes(), "docx"),
        ("note.txt", "Verbale della riunione di cluster, àèìòù".encode(), "text"),
        ("dati.csv", b"centro;utenti\nCPI Palermo;12\n", "text"),
        (
            "presentazione.odp",
            zip_bytes(
                {
                    "mimetype": "application/vnd.oasis.opendocument.presentation",
                    "content.xml": "<x/>",
                }
            ),
            "odp",
        ),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, data, expected):
    assert check_upload(upload(name, data), POLICIES[LIBRARY]).kind.key == expected


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("guida.pdf", EXECUTABLE, "non è di un tipo ammesso (sembra un file «exe»)"),
        ("modulo.docx", zip_bytes({"setup.exe": EXECUTABLE}), "sembra un file «zip»"),
        (
            "macro.docx",
            zip_bytes(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": "<w:document/>",
                    "word/vbaProject.bin": b"\x00",
                }
            ),
            "sembra un file «zip»",
        ),
        (
            "guida.docx",
            pdf_bytes(),
            "il contenuto del file (PDF) non corrisponde all'estensione «.docx»",
        ),
        ("guida.pdf", b"solo testo, non un PDF", "il contenuto del file (Testo) non corrisponde"),
        ("immagine.txt", b"\x00\x01\x02\x03binario", "sembra un file «binary»"),
        ("archivio.zip", zip_bytes({"a.txt": "a"}), "l'estensione «.zip» non è ammessa"),
        ("senza-estensione", pdf_bytes(), "il file non ha un'estensione"),
    ],
)
def test_renamed_and_unknown_content_is_refused(name, data, reason):
    with pytest.raises(Refused, match=reason.replace("(", r"\(").replace(")", r"\)")):
        check_upload(upload(name, data), POLICIES[LIBRARY])


def test_stored_names_are_plain():
    assert safe_file_name("Linee guida – accesso (v2).PDF") == "linee-guida-accesso-v2.pdf"
    assert safe_file_name("àèìòù.docx") == "aeiou.docx"
    assert safe_file_name("###.txt") == "file.txt"


def test_several_files_can_become_one_folder(teacher_client, plan):
    response = post_upload(
        teacher_client,
        [upload("scheda.docx", docx_bytes()), upload("promemoria.pdf", pdf_bytes())],
        course=plan["unit"].pk,
        folder_title="Kit di accoglienza",
    )
    assert response.status_code == 302
    folder = Resource.objects.get()
    assert folder.format == Resource.Format.FOLDER
    assert folder.title == "Kit di accoglienza"
    assert response.url == folder.get_absolute_url()
    assert folder.current_version.files.count() == 2


def test_details_are_checked_and_nothing_is_stored_on_error(client, training_manager):
    client.force_login(training_manager)
    response = post_upload(client, [upload("guida.pdf", pdf_bytes())], kind="", audience="enrolled")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "kind" in errors
    assert errors["audience"] == ["Per riservarla agli iscritti, scegli il corso a cui appartiene."]
    response = post_upload(client, [upload("guida.pdf", pdf_bytes())], audience="chiunque")
    assert "audience" in response.context["form"].errors
    assert not Resource.objects.exists()


def test_training_managers_upload_to_the_library_without_a_course(client, training_manager):
    client.force_login(training_manager)
    response = post_upload(client, [upload("guida.pdf", pdf_bytes())], audience="registered")
    assert response.status_code == 302
    assert Resource.objects.get().course is None


def test_a_teacher_uploads_only_to_the_units_they_teach(teacher_client, plan):
    response = post_upload(
        teacher_client, [upload("guida.pdf", pdf_bytes())], course=plan["other"].pk
    )
    assert response.status_code == 200
    assert "course" in response.context["form"].errors
    response = post_upload(
        teacher_client, [upload("guida.pdf", pdf_bytes())], audience="registered"
    )
    assert "course" in response.context["form"].errors
    assert not Resource.objects.exists()
    page = teacher_client.get(reverse("resources:upload") + f"?corso={plan['unit'].slug}")
    assert page.context["form"]["course"].value() == plan["unit"].pk
    assert plan["other"].title not in page.content.decode()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COACH, Role.EDITOR, Role.CLUSTER_LEAD])
def test_people_who_do_not_teach_cannot_upload(client, make_user, role):
    client.force_login(make_user(role=role))
    assert client.get(reverse("resources:upload")).status_code == 404
    response = post_upload(client, [upload("guida.pdf", pdf_bytes())], audience="public")
    assert response.status_code == 404
    assert not Resource.objects.exists()


def test_a_teacher_without_editions_cannot_upload(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("resources:upload")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("resources:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_too_many_files_at_once_are_refused(teacher_client, plan, settings):
    settings.RESOURCES_MAX_FILES_PER_UPLOAD = 2
    files = [upload(f"guida-{n}.pdf", pdf_bytes()) for n in range(3)]
    response = post_upload(teacher_client, files, course=plan["unit"].pk)
    assert response.context["form"].errors["files"] == [
        "Puoi caricare al massimo 2 file alla volta."
    ]
    assert not Resource.objects.exists()


def test_no_file_is_a_clear_error(teacher_client, plan):
    response = post_upload(teacher_client, [], course=plan["unit"].pk)
    assert response.context["form"].errors["files"] == ["Questo campo è obbligatorio."]


def test_the_upload_needs_its_csrf_token(unit_teacher, plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_teacher)
    response = post_upload(client, [upload("guida.pdf", pdf_bytes())], course=plan["unit"].pk)
    assert response.status_code == 403
    assert not Resource.objects.exists()
