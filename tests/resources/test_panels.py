"""The panels other apps' pages render through hooks: the course's materials and the dashboard."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from wagtail import hooks

from courses.hooks import DashboardSlot
from resources.models import Resource, ResourceFile
from resources.services import resource_download_record
from website.cms.models import ThematicArea
from website.core import counters

from .conftest import enrol

Audience = Resource.Audience


def panel(hook_name, user, *args):
    request = RequestFactory().get("/corsi/ud1-prova/")
    request.user = user or AnonymousUser()
    (function,) = [
        f for f in hooks.get_hooks(hook_name) if f.__module__ == "resources.wagtail_hooks"
    ]
    return function(request, *args)


@pytest.fixture
def materials(make_resource):
    return {
        audience: make_resource(audience=audience, title=f"Materiale {audience}")
        for audience in Audience.values
    }


def items(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        li.h3.get_text(" ", strip=True).removesuffix(" Bloccato"): li.select_one(
            ".resource-lock"
        ).get_text(" ", strip=True)
        if li.select_one(".resource-lock")
        else None
        for li in soup.select("li.resource-item")
    }


def test_anonymous_visitors_see_what_needs_a_login(plan, materials):
    listed = items(panel("aula_course_page_panels", None, plan["unit"]))
    assert listed == {
        "Materiale public": None,
        "Materiale registered": "Accedi per consultarlo. Accedi",
        "Materiale enrolled": "Accedi per consultarlo. Accedi",
    }


def test_people_without_a_place_are_told_the_materials_are_for_participants(
    plan, materials, make_user
):
    listed = items(panel("aula_course_page_panels", make_user(), plan["unit"]))
    assert listed["Materiale registered"] is None
    assert (
        listed["Materiale enrolled"]
        == "Riservato a chi ha un posto confermato in un'edizione del corso."
    )
    assert "Materiale staff" not in listed


def test_participants_open_everything_but_staff_material(plan, materials, learner):
    html = panel("aula_course_page_panels", learner, plan["unit"])
    assert items(html) == {f"Materiale {a}": None for a in ("public", "registered", "enrolled")}
    soup = BeautifulSoup(html, "html.parser")
    assert (
        soup.find("a", string="Materiale enrolled")["href"]
        == materials["enrolled"].get_absolute_url()
    )
    assert soup.select_one("a[href^='/documents/']") is not None


def test_teachers_see_all_and_can_upload(plan, materials, unit_teacher):
    html = panel("aula_course_page_panels", unit_teacher, plan["unit"])
    assert set(items(html)) == {f"Materiale {a}" for a in Audience.values}
    assert f"/risorse/carica/?corso={plan['unit'].slug}" in html


def test_a_course_without_materials_shows_nothing_unless_one_may_upload(
    plan, make_user, unit_teacher, teacher
):
    assert panel("aula_course_page_panels", make_user(), plan["other"]) == ""
    plan["other_edition"].teachers.add(teacher)
    assert "Non ci sono ancora materiali" in panel(
        "aula_course_page_panels", teacher, plan["other"]
    )


def test_materials_of_another_course_stay_out(plan, materials, learner):
    assert panel("aula_course_page_panels", learner, plan["other"]) == ""


def test_the_dashboard_shows_the_newest_materials_of_my_courses(
    plan, materials, learner, make_user
):
    part = panel("aula_dashboard_panels", learner)
    assert part.slot == DashboardSlot.ONLINE
    html = part.html
    assert "Nuovi materiali dei tuoi corsi" in html
    listed = {a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select("h3 a")}
    assert listed == {"Materiale public", "Materiale registered", "Materiale enrolled"}
    assert panel("aula_dashboard_panels", make_user()) is None
    assert panel("aula_dashboard_panels", None) is None


def test_a_warm_cache_still_decides_for_each_person(plan, materials, learner, make_user):
    """The rows are shared; who may open them is not: a participant warms the cache first."""
    panel("aula_course_page_panels", learner, plan["unit"])
    panel("aula_dashboard_panels", learner)
    stranger = items(panel("aula_course_page_panels", make_user(), plan["unit"]))
    assert (
        stranger["Materiale enrolled"]
        == "Riservato a chi ha un posto confermato in un'edizione del corso."
    )
    assert "Materiale staff" not in stranger
    visitor = items(panel("aula_course_page_panels", None, plan["unit"]))
    assert visitor["Materiale enrolled"] == "Accedi per consultarlo. Accedi"
    # Someone with a place in the other unit only: none of this unit's materials.
    placed_elsewhere = make_user(email="altrove@example.org")
    enrol(placed_elsewhere, plan["other_edition"])
    assert panel("aula_dashboard_panels", placed_elsewhere) is None


def dashboard_items(user):
    soup = BeautifulSoup(panel("aula_dashboard_panels", user).html, "html.parser")
    return {
        article.h3.get_text(strip=True): article.select_one(".resource-meta").get_text(
            " ", strip=True
        )
        + " | "
        + " ".join(area.get_text(strip=True) for area in article.select(".resource-area"))
        for article in soup.select("article.resource-item")
    }


def test_an_edit_shows_at_once_on_both_panels(plan, materials, learner):
    resource = materials["enrolled"]
    panel("aula_course_page_panels", learner, plan["unit"])
    dashboard_items(learner)

    resource.title = "Materiale rinominato"
    resource.save()
    assert "Materiale rinominato" in items(panel("aula_course_page_panels", learner, plan["unit"]))

    area = ThematicArea.objects.create(name="Area nuova", slug="area-nuova")
    resource.thematic_areas.add(area)
    assert dashboard_items(learner)["Materiale rinominato"].endswith("| Area nuova")

    new_file = ResourceFile.objects.get(version=resource.current_version)
    new_file.file_type = "docx"
    new_file.save()
    assert "DOCX," in dashboard_items(learner)["Materiale rinominato"]
    html = panel("aula_course_page_panels", learner, plan["unit"])
    assert "DOCX," in html


def test_new_download_counts_show_after_the_write(client, plan, materials, learner):
    resource = materials["public"]
    assert "scaricament" not in dashboard_items(learner)["Materiale public"]
    resource_download_record(resource_id=resource.pk)
    counters.flush()
    assert "1 scaricamento" in dashboard_items(learner)["Materiale public"]


def test_the_dashboard_panel_is_made_once_per_list_and_language(
    plan, materials, learner, make_user
):
    """Its HTML is kept for everyone who sees the same materials, in each language apart."""
    italian = panel("aula_dashboard_panels", learner).html
    with translation.override("en"):
        english = panel("aula_dashboard_panels", learner).html
    assert "Nuovi materiali dei tuoi corsi" in italian
    assert "New materials from your courses" in english
    assert "Nuovi materiali" not in english
    # Someone else with a place in the same edition sees the same list: the kept HTML, and
    # no template rendered for it.
    colleague = make_user(email="collega@example.org")
    enrol(colleague, plan["edition"])
    with mock.patch("resources.wagtail_hooks.render_panel") as render:
        assert panel("aula_dashboard_panels", colleague).html == italian
    render.assert_not_called()
