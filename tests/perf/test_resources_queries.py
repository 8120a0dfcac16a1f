"""The library, a resource page and a course's materials make as many queries for 16 items as for 56."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model

from resources.models import Resource, ResourceFile, ResourceVersion
from resources.wagtail_hooks import course_materials_panel
from tests.resources.conftest import enrol, learner, plan, unit_teacher  # noqa: F401
from website.cms.models import ThematicArea
from website.core.generations import content_changed

from .helpers import assert_same_queries

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_resources(
    course,
    count,
    *,
    name="Risorsa",
    audiences=("public", "registered", "enrolled", "staff"),
    formats=("file", "folder", "link", "page"),
):
    """Resources of every form with a file version, areas and tags: what the lists show."""
    areas = [
        ThematicArea.objects.get_or_create(slug=f"area-{n}", defaults={"name": f"Area {n}"})[0]
        for n in range(2)
    ]
    Document = get_document_model()
    for _ in range(count):
        number = next(_numbers)
        audience = audiences[number % len(audiences)]
        resource_format = formats[number // len(audiences) % len(formats)]
        resource = Resource.objects.create(
            title=f"{name} {number}",
            format=resource_format,
            kind="handout",
            audience=audience,
            course=course,
            url="https://www.normattiva.it/" if resource_format == "link" else "",
            body="<p>Testo</p>",
            description="Materiale per la prova dei tempi.",
        )
        resource.thematic_areas.set(areas)
        resource.tags.add("prova", f"tag-{number % 3}")
        if resource_format in ("file", "folder"):
            version = ResourceVersion.objects.create(resource=resource, number=1)
            for position in range(2 if resource_format == "folder" else 1):
                document = Document.objects.create(
                    title=f"File {number}.{position}",
                    file=ContentFile(b"%PDF-1.4 prova", name=f"r{number}.pdf"),
                )
                ResourceFile.objects.create(
                    version=version, document=document, file_type="pdf", sort_order=position
                )
            resource.current_version = version
            resource.save(update_fields=["current_version"])


@pytest.mark.parametrize("who", ["anonymous", "learner", "teacher"])
@pytest.mark.parametrize(
    "query", ["", "?ordina=scaricati&tipo=handout", "?q=materiale", "?q=materiale&ordina=titolo"]
)
def test_the_library(client, plan, learner, unit_teacher, who, query):  # noqa: F811
    if who != "anonymous":
        client.force_login(learner if who == "learner" else unit_teacher)
    # Every form in every audience, titled so that a search ranks them first:
    # the first page then always holds files, folders, links and pages.
    add_resources(plan["unit"], 16, name="Materiale")
    assert_same_queries(client, "/risorse/" + query, lambda: add_resources(plan["unit"], 40))


def test_a_resource_page_with_many_versions(client, plan, unit_teacher):  # noqa: F811
    add_resources(plan["unit"], 1, audiences=("enrolled",), formats=("folder",))
    resource = Resource.objects.get()
    client.force_login(unit_teacher)

    def add_versions():
        Document = get_document_model()
        for number in range(2, 12):
            version = ResourceVersion.objects.create(
                resource=resource, number=number, change_note=f"Modifica {number}"
            )
            document = Document.objects.create(
                title="v", file=ContentFile(b"%PDF-1.4", name="v.pdf")
            )
            ResourceFile.objects.create(version=version, document=document, file_type="pdf")
            resource.current_version = version
            resource.save(update_fields=["current_version"])

    assert_same_queries(client, resource.get_absolute_url(), add_versions)


def panel_queries(request, course):
    with CaptureQueriesContext(connection) as captured:
        course_materials_panel(request, course)
    return len(captured.captured_queries)


def resource_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if "resources_" in query["sql"]]


@pytest.mark.parametrize("who", ["anonymous", "learner", "teacher"])
def test_a_courses_materials(plan, learner, unit_teacher, who):  # noqa: F811
    """Cold (just edited): the same queries at both sizes; warm: none for the materials."""
    request = RequestFactory().get("/corsi/ud1-prova/")
    request.user = {"anonymous": AnonymousUser(), "learner": learner, "teacher": unit_teacher}[who]
    add_resources(plan["unit"], 16)
    course_materials_panel(request, plan["unit"])
    content_changed()
    cold_before = panel_queries(request, plan["unit"])
    add_resources(plan["unit"], 40)
    content_changed()
    cold_after = panel_queries(request, plan["unit"])
    assert cold_before == cold_after
    with CaptureQueriesContext(connection) as captured:
        course_materials_panel(request, plan["unit"])
    assert resource_queries(captured.captured_queries) == []


@pytest.mark.parametrize("url", ["/corsi/ud1-prova/", "dashboard"])
def test_course_page_and_dashboard_with_areas_and_files(client, plan, learner, url):  # noqa: F811
    """The signed-in course page and the dashboard: flat at 8 and 32 resources with areas and
    files, and, on a warm cache, no query at all for the materials' rows."""
    url = reverse("courses:dashboard") if url == "dashboard" else url
    client.force_login(learner)
    add_resources(plan["unit"], 8)
    assert_same_queries(client, url, lambda: add_resources(plan["unit"], 24))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert "Risorsa" in response.content.decode()
    assert resource_queries(captured.captured_queries) == []
