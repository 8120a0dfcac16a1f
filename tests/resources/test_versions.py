"""Versions: learners get the latest, staff keep the earlier ones, everyone reads the change note."""

import pytest
from django.urls import reverse

from resources import services
from resources.models import Resource, ResourceFile, ResourceVersion

from .conftest import accepted, docx_bytes, pdf_bytes, upload


def version_url(resource):
    return reverse("resources:version_add", kwargs={"slug": resource.slug})


@pytest.fixture
def guide(make_resource):
    return make_resource(
        audience=Resource.Audience.ENROLLED, title="Linee guida", text="prima stesura"
    )


def test_a_new_version_replaces_the_file_for_learners_and_keeps_the_old_for_staff(
    client, guide, unit_teacher, learner, coach, django_capture_on_commit_callbacks
):
    first_document = ResourceFile.objects.get(version=guide.current_version).document
    client.force_login(unit_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            version_url(guide),
            {
                "files": upload("linee-guida-v2.pdf", pdf_bytes(text="seconda stesura")),
                "change_note": "Aggiornati i termini",
            },
        )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.current_version.number == 2
    assert "seconda stesura" in guide.search_text and "prima stesura" not in guide.search_text
    second_document = ResourceFile.objects.get(version=guide.current_version).document

    client.force_login(learner)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Versione 2 del" in page and "Aggiornati i termini" in page
    assert second_document.url in page and first_document.url not in page
    assert client.get(second_document.url).status_code == 200
    assert client.get(first_document.url).status_code == 404

    client.force_login(coach)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert first_document.url in page and second_document.url in page
    assert "Prima pubblicazione" in page and "Aggiornati i termini" in page
    assert client.get(first_document.url).status_code == 200


def test_a_folder_version_keeps_chosen_files_and_adds_new_ones(client, plan, unit_teacher):
    folder = services.resource_create_from_uploads(
        user=unit_teacher,
        uploads=accepted("a.pdf", pdf_bytes()) + accepted("b.docx", docx_bytes()),
        kind=Resource.Kind.TOOL,
        audience=Resource.Audience.PUBLIC,
        course=plan["unit"],
        folder_title="Cartella",
        process_in_background=False,
    )[0]
    kept, dropped = ResourceFile.objects.filter(version=folder.current_version).order_by(
        "sort_order"
    )
    client.force_login(unit_teacher)
    form_page = client.get(version_url(folder)).content.decode()
    assert "a.pdf" in form_page and "b.docx" in form_page
    response = client.post(
        version_url(folder),
        {
            "files": [upload("c.pdf", pdf_bytes())],
            "keep_files": [kept.pk],
            "change_note": "Tolto il modulo",
        },
    )
    assert response.status_code == 302
    folder.refresh_from_db()
    names = [f.document.filename for f in folder.current_version.files.select_related("document")]
    assert names == ["a.pdf", "c.pdf"]
    assert ResourceFile.objects.filter(document=dropped.document).exists()  # still in version 1


def test_a_refused_file_stops_the_whole_version(client, guide, unit_teacher):
    client.force_login(unit_teacher)
    response = client.post(
        version_url(guide), {"files": upload("v2.pdf", b"MZ\x90\x00"), "change_note": "x"}
    )
    assert response.status_code == 200
    assert "v2.pdf: il contenuto del file non è di un tipo ammesso" in response.content.decode()
    assert ResourceVersion.objects.filter(resource=guide).count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"change_note": "manca il file"}, "files", "Questo campo è obbligatorio."),
        ({"files": "non-un-file", "change_note": "x"}, "files", "Questo campo è obbligatorio."),
        ({"change_note": ""}, "change_note", "Questo campo è obbligatorio."),
        (
            {"change_note": "x" * 301},
            "change_note",
            "Assicurati che questo valore non contenga più di 300 caratteri",
        ),
    ],
)
def test_bad_version_requests_are_named_and_change_nothing(
    client, guide, unit_teacher, data, field, message
):
    client.force_login(unit_teacher)
    response = client.post(version_url(guide), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert ResourceVersion.objects.filter(resource=guide).count() == 1


def test_a_file_version_is_one_file(client, guide, unit_teacher):
    client.force_login(unit_teacher)
    response = client.post(
        version_url(guide),
        {
            "files": [upload("a.pdf", pdf_bytes()), upload("b.pdf", pdf_bytes())],
            "change_note": "due file",
        },
    )
    assert response.context["form"].errors["files"] == [
        "Una nuova versione di un file è un solo file."
    ]


def test_only_the_units_teachers_and_training_managers_add_versions(
    client, guide, learner, coach, teacher, plan, training_manager
):
    plan["other_edition"].teachers.add(teacher)  # teaches UD2, not this UD1 material
    for person in (learner, coach, teacher):
        client.force_login(person)
        assert client.get(version_url(guide)).status_code == 404
        assert (
            client.post(
                version_url(guide), {"files": upload("v.pdf", pdf_bytes()), "change_note": "x"}
            ).status_code
            == 404
        )
        assert client.get(reverse("resources:edit", kwargs={"slug": guide.slug})).status_code == 404
    client.force_login(training_manager)
    assert client.get(version_url(guide)).status_code == 200
    assert ResourceVersion.objects.filter(resource=guide).count() == 1


def test_links_and_pages_have_no_versions(client, training_manager):
    link = Resource.objects.create(
        title="Normattiva",
        format="link",
        kind="regulation",
        url="https://www.normattiva.it/",
        audience="public",
    )
    client.force_login(training_manager)
    assert client.get(version_url(link)).status_code == 404


def test_editing_the_details(client, guide, unit_teacher, plan):
    client.force_login(unit_teacher)
    url = reverse("resources:edit", kwargs={"slug": guide.slug})
    response = client.post(
        url,
        {
            "title": "Linee guida aggiornate",
            "description": "Per lo sportello",
            "kind": "guideline",
            "course": plan["unit"].pk,
            "audience": "registered",
            "tags": "termini, accesso civico",
            "language": "it",
            "published_on": "2026-03-02",
            "licence": "cc-by-4.0",
        },
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.title == "Linee guida aggiornate"
    assert guide.audience == "registered"
    assert sorted(guide.tags.names()) == ["accesso civico", "termini"]
    response = client.post(
        url,
        {
            "title": "",
            "kind": "nessuno",
            "course": plan["other"].pk,
            "audience": "registered",
            "language": "it",
            "published_on": "31/02/2026",
            "licence": "cc-by-4.0",
        },
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"title", "kind", "course", "published_on"}
    guide.refresh_from_db()
    assert guide.title == "Linee guida aggiornate"


def test_deleting_a_resource_removes_its_documents(
    client, guide, training_manager, django_capture_on_commit_callbacks
):
    from wagtail.documents import get_document_model

    document = ResourceFile.objects.get(version=guide.current_version).document
    path = document.file.path
    client.force_login(training_manager)
    url = reverse("resources:delete", kwargs={"slug": guide.slug})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Resource.objects.filter(pk=guide.pk).exists()
    assert not get_document_model().objects.filter(pk=document.pk).exists()
    import os

    assert not os.path.exists(path)


def test_a_document_deleted_in_wagtail_takes_its_file_row_with_it(client, guide, coach):
    document = ResourceFile.objects.get(version=guide.current_version).document
    document.delete()
    assert not ResourceFile.objects.filter(version__resource=guide).exists()
    client.force_login(coach)
    assert client.get(guide.get_absolute_url()).status_code == 200
