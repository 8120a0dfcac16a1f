"""Resource forms: lengths the columns can hold, tags within their column, no bidi controls."""

import pytest
from django.urls import reverse

from resources.models import Resource

from .conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@pytest.fixture
def teacher_client(client, unit_teacher):
    client.force_login(unit_teacher)
    return client


def post_upload(client, plan, **fields):
    data = {
        "files": [upload("slide.pdf", pdf_bytes(title="Slide"))],
        "kind": Resource.Kind.HANDOUT,
        "audience": Resource.Audience.ENROLLED,
        "language": "it",
        "licence": Resource.Licence.CC_BY,
        "course": plan["unit"].pk,
        **fields,
    }
    return client.post(reverse("resources:upload"), data)


def form_errors(response, field):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"description": "d" * 1_000_000}, "description", "5000 caratteri"),
        ({"tags": "t" * 100_000}, "tags", "al massimo 100 caratteri"),
        ({"tags": ", ".join(f"tema{n}" for n in range(21))}, "tags", "al massimo 20 parole"),
        ({"folder_title": "c" * 201}, "folder_title", "200 caratteri"),
    ],
    ids=["description-1mb", "tag-100k", "21-tags", "folder-title"],
)
def test_an_upload_with_a_field_too_long_is_a_form_error_and_stores_nothing(
    teacher_client, plan, fields, field, message
):
    response = post_upload(teacher_client, plan, **fields)
    assert message in form_errors(response, field)
    assert not Resource.objects.exists()


def test_an_upload_loses_bidi_controls_in_its_title_description_and_tags(teacher_client, plan):
    response = post_upload(
        teacher_client,
        plan,
        folder_title=f"Materiali {RLO}fdp.exe",
        description=f"Per {RLO}lo sportello",
        tags=f"ter{RLO}mini",
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.title == "Materiali fdp.exe"
    assert resource.description == "Per lo sportello"
    assert list(resource.tags.names()) == ["termini"]


def test_editing_refuses_a_long_description_and_a_huge_tag(
    make_resource, unit_teacher, client, plan
):
    guide = make_resource(audience=Resource.Audience.ENROLLED, title="Linee guida")
    client.force_login(unit_teacher)
    response = client.post(
        reverse("resources:edit", kwargs={"slug": guide.slug}),
        {
            "title": "Linee guida",
            "description": "d" * 5001,
            "kind": "guideline",
            "course": plan["unit"].pk,
            "audience": "registered",
            "tags": "t" * 100_000,
            "language": "it",
            "published_on": "2026-03-02",
            "licence": "cc-by-4.0",
        },
    )
    assert "5000 caratteri" in form_errors(response, "description")
    assert "al massimo 100 caratteri" in form_errors(response, "tags")
    guide.refresh_from_db()
    assert guide.description == "" and list(guide.tags.names()) == []
