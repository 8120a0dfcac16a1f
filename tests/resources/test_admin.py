"""The back office: training managers manage resources in Wagtail's admin."""

import json

import pytest
from django.urls import reverse

from resources.models import Resource


def admin_url(name, *args):
    return reverse(f"resource_admin:{name}", args=args)


@pytest.fixture
def manager_client(client, training_manager):
    client.force_login(training_manager)
    return client


def draftail(text=""):
    """The rich-text editor's payload, as the admin page posts it."""
    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "text": text,
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def link_data(**overrides):
    return {
        "title": "Decreto legislativo 14 settembre 2015, n. 150",
        "slug": "",
        "format": "link",
        "kind": "regulation",
        "description": "Riordino dei servizi per il lavoro.",
        "url": "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2015-09-14;150",
        "body": draftail(),
        "course": "",
        "audience": "public",
        "tags": "normativa",
        "language": "it",
        "published_on": "2015-09-14",
        "licence": "cc-by-4.0",
        **overrides,
    }


def test_training_managers_list_and_filter_resources(manager_client, make_resource):
    make_resource(title="Slide UD1", audience="enrolled")
    response = manager_client.get(admin_url("index"), {"kind": "handout"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Slide UD1" in html
    assert reverse("resources:upload") in html


def test_training_managers_create_links_and_pages(manager_client):
    response = manager_client.post(admin_url("add"), link_data())
    assert response.status_code == 302, response.context["form"].errors
    link = Resource.objects.get()
    assert link.slug == "decreto-legislativo-14-settembre-2015-n-150"
    assert link.tags.names()[0] == "normativa"
    response = manager_client.post(
        admin_url("add"),
        link_data(
            title="Glossario",
            format="page",
            url="",
            body='{"blocks": [{"key": "a", "type": "unstyled", "text": "Accesso civico", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert "Accesso civico" in Resource.objects.get(title="Glossario").body


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"format": "file"}, "format", None),
        ({"url": ""}, "url", "Un collegamento ha bisogno di un indirizzo."),
        ({"url": "non un indirizzo"}, "url", None),
        (
            {"format": "page", "url": "", "body": draftail()},
            "body",
            "Una pagina ha bisogno di un testo.",
        ),
        (
            {"audience": "enrolled"},
            "audience",
            "Per riservarla agli iscritti, scegli il corso a cui appartiene.",
        ),
        ({"published_on": "31/02/2026"}, "published_on", None),
    ],
)
def test_bad_admin_input_is_named_and_nothing_is_created(manager_client, overrides, field, message):
    response = manager_client.post(admin_url("add"), link_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert not Resource.objects.exists()


def test_the_form_of_an_existing_resource_cannot_change(manager_client, make_resource):
    resource = make_resource(title="Guida", audience="public")
    response = manager_client.post(
        admin_url("edit", resource.pk),
        link_data(title="Guida rinominata", format="link", url="https://example.org/"),
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Guida rinominata"
    assert resource.format == Resource.Format.FILE


@pytest.mark.parametrize("fixture", ["editor", "teacher", "operator"])
def test_other_roles_do_not_manage_resources_in_the_admin(client, db, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(admin_url("index"))
    assert response.status_code in (302, 403)


def test_editors_reach_the_web_channels_documents_but_not_the_materials(
    client, editor, make_resource
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from .conftest import pdf_bytes

    staff_only = make_resource(title="Griglia riservata ai docenti", audience="staff")
    material = staff_only.current_version.files.first().document
    web_channel = Collection.objects.get(name="Canale web")
    notice = get_document_model().objects.create(
        title="Avviso pubblico di selezione",
        collection=web_channel,
        file=ContentFile(pdf_bytes(), name="avviso.pdf"),
    )
    client.force_login(editor)

    listing = client.get("/admin/documents/").content.decode()
    assert "Avviso pubblico di selezione" in listing
    assert material.title not in listing
    assert client.get(f"/admin/documents/edit/{notice.pk}/").status_code == 200
    assert client.get(f"/admin/documents/edit/{material.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/documents/delete/{material.pk}/").status_code in (302, 403)
    assert get_document_model().objects.filter(pk=material.pk).exists()
    chooser = client.get("/admin/documents/chooser/").content.decode()
    assert material.title not in chooser
