"""Who sees what: every kind of person against every audience, wherever a resource shows or leaves.

The list (library), the page, the file (Wagtail's own document URL, the only
way a file leaves) and the preview image must all give the same answer, and a
refused anonymous request gets the login page, never the bytes.
"""

import pytest
from django.urls import reverse

from resources.models import Resource, ResourceFile
from resources.permissions import can_view_resource, visible_resources_filter
from website.accounts.roles import Role

from .conftest import enrol

Audience = Resource.Audience

PEOPLE = [
    "anonymous",
    "outsider",
    "learner",
    "waitlisted",
    "other_unit_learner",
    "centre_manager",
    "cluster_lead",
    "editor",
    "teacher",
    "coach",
    "training_manager",
    "superuser",
]
STAFF = {"teacher", "coach", "training_manager", "superuser"}
ALLOWED = {
    Audience.PUBLIC: set(PEOPLE),
    Audience.REGISTERED: set(PEOPLE) - {"anonymous"},
    Audience.ENROLLED: {"learner"} | STAFF,
    Audience.STAFF: STAFF,
}


@pytest.fixture
def people(
    make_user,
    org,
    plan,
    learner,
    centre_manager,
    cluster_lead,
    editor,
    teacher,
    coach,
    training_manager,
):
    from courses.models import Enrolment

    waitlisted = make_user(role=Role.OPERATOR, centre=org["pa2"])
    enrol(waitlisted, plan["edition"], status=Enrolment.Status.WAITLISTED)
    other_unit_learner = make_user(role=Role.OPERATOR, centre=org["sr1"])
    enrol(other_unit_learner, plan["other_edition"])
    return {
        "anonymous": None,
        "outsider": make_user(role=Role.OPERATOR, centre=org["sr2"]),
        "learner": learner,
        "waitlisted": waitlisted,
        "other_unit_learner": other_unit_learner,
        "centre_manager": centre_manager,
        "cluster_lead": cluster_lead,
        "editor": editor,
        "teacher": teacher,
        "coach": coach,
        "training_manager": training_manager,
        "superuser": make_user(superuser=True),
    }


@pytest.fixture
def by_audience(make_resource):
    return {audience: make_resource(audience=audience) for audience in Audience.values}


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def current_file(resource):
    return ResourceFile.objects.select_related("document").get(version=resource.current_version)


@pytest.mark.parametrize("person", PEOPLE)
def test_the_library_lists_exactly_what_the_audience_allows(client, people, by_audience, person):
    html = client_for(client, people[person]).get(reverse("resources:index")).content.decode()
    listed = {audience for audience, resource in by_audience.items() if resource.title in html}
    assert listed == {audience for audience in Audience.values if person in ALLOWED[audience]}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_resource_page_opens_only_for_its_audience(client, people, by_audience, person):
    client = client_for(client, people[person])
    for audience, resource in by_audience.items():
        response = client.get(resource.get_absolute_url())
        if person in ALLOWED[audience]:
            assert response.status_code == 200, (audience, person)
            assert resource.title in response.content.decode()
        elif person == "anonymous":
            assert response.status_code == 302, audience
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.status_code == 404, (audience, person)


@pytest.mark.parametrize("person", PEOPLE)
def test_wagtail_document_urls_serve_the_bytes_only_to_the_audience(
    client, people, by_audience, person
):
    client = client_for(client, people[person])
    for audience, resource in by_audience.items():
        document = current_file(resource).document
        assert document.url == f"/documents/{document.pk}/{document.filename}"
        response = client.get(document.url)
        if person in ALLOWED[audience]:
            assert response.status_code == 200, (audience, person)
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        else:
            assert response.status_code in (302, 404), (audience, person)
            assert not getattr(response, "streaming", False)
            assert b"%PDF" not in response.content
            if person == "anonymous":
                assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["anonymous", "outsider", "learner", "teacher"])
def test_previews_follow_the_same_rule(client, people, by_audience, person):
    client = client_for(client, people[person])
    resource = by_audience[Audience.ENROLLED]
    resource_file = current_file(resource)
    assert resource_file.preview
    response = client.get(
        reverse("resources:preview", kwargs={"slug": resource.slug, "file_id": resource_file.pk})
    )
    if person in ALLOWED[Audience.ENROLLED]:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert b"".join(response.streaming_content)[:4] == b"RIFF"
    else:
        assert response.status_code in (302, 404)
        assert not getattr(response, "streaming", False)


def test_a_preview_asked_under_another_resource_is_not_found(client, by_audience, training_manager):
    client.force_login(training_manager)
    resource_file = current_file(by_audience[Audience.STAFF])
    url = reverse(
        "resources:preview",
        kwargs={"slug": by_audience[Audience.PUBLIC].slug, "file_id": resource_file.pk},
    )
    assert client.get(url).status_code == 404


def test_uploaded_files_are_never_served_from_media(client, by_audience, settings):
    document = current_file(by_audience[Audience.PUBLIC]).document
    assert document.file.name.startswith("documents/")
    assert client.get(f"/media/{document.file.name}").status_code == 404
    preview = current_file(by_audience[Audience.PUBLIC]).preview
    assert client.get(f"/media/{preview.name}").status_code == 404


def test_documents_of_the_web_channel_are_left_to_wagtail(client, db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Comunicato", file=ContentFile(b"testo pubblico", name="comunicato.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"testo pubblico"


@pytest.mark.parametrize("person", PEOPLE)
def test_the_list_filter_and_the_single_check_agree(people, by_audience, person):
    from django.contrib.auth.models import AnonymousUser

    user = people[person] or AnonymousUser()
    listed = set(Resource.objects.filter(visible_resources_filter(user)))
    checked = {resource for resource in by_audience.values() if can_view_resource(user, resource)}
    assert listed == checked


def test_a_place_in_another_unit_does_not_open_this_one(client, people, make_resource):
    resource = make_resource(audience=Audience.ENROLLED, course="other", title="Materiale UD2")
    client.force_login(people["learner"])
    assert client.get(resource.get_absolute_url()).status_code == 404
    client.force_login(people["other_unit_learner"])
    assert client.get(resource.get_absolute_url()).status_code == 200


def test_losing_the_place_closes_the_materials(client, learner, plan, make_resource):
    resource = make_resource(audience=Audience.ENROLLED)
    client.force_login(learner)
    assert client.get(resource.get_absolute_url()).status_code == 200
    learner.enrolments.update(status="withdrawn")
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert client.get(current_file(resource).document.url).status_code == 404
