"""The demo's online part: UD1–UD4 with two sections each; the operator half way through UD1."""

import pytest
from django.urls import reverse

from courses.models import Course
from learning.models import Activity, ActivityCompletion, Section
from learning.selectors import course_progress, edition_matrix
from website.accounts.models import User


@pytest.fixture
def units(demo_db):
    return list(
        Course.objects.filter(programme__slug__isnull=False, code__in=["UD1", "UD2", "UD3", "UD4"])
        .filter(sections__isnull=False)
        .distinct()
        .order_by("code")
    )


def test_each_unit_has_its_sections_and_every_kind(units):
    assert [unit.code for unit in units] == ["UD1", "UD2", "UD3", "UD4"]
    for unit in units:
        titles = list(Section.objects.filter(course=unit).values_list("title", flat=True))
        assert titles == ["Prima dell'aula", "Dopo l'aula"]
        kinds = set(Activity.objects.filter(section__course=unit).values_list("kind", flat=True))
        # No video: the demo ships no recordings; what one would say is read as a lesson.
        assert kinds == {"page", "resource", "link", "forum", "quiz"}
        for activity in Activity.objects.filter(section__course=unit):
            activity.full_clean()


def test_the_operator_is_half_way_through_ud1(units, client):
    operator = User.objects.get(email="operatore@aula.example")
    progress = course_progress(operator, units[0])
    assert progress.done == sum(len(s.items) for s in progress.sections[:1])
    assert 0 < progress.done < progress.total
    assert progress.next_item.is_open
    assert progress.next_item.activity.section.title == "Dopo l'aula"
    client.force_login(operator)
    html = client.get(units[0].get_absolute_url()).text
    assert f"Completate {progress.done} attività su {progress.total}" in html
    html = client.get(reverse("learning:activity", args=[progress.next_item.activity.pk])).text
    assert "Mettere in pratica" in html or "Rispondere a una richiesta" in html


def test_the_edition_matrix_has_people_at_every_stage(units):
    edition = units[0].editions.get(code="UD1-PA-CITTA")
    matrix = edition_matrix(edition)
    statuses = {row.status for row in matrix.rows}
    assert statuses == {"complete", "in_progress", "not_started"}
    assert ActivityCompletion.objects.filter(activity__section__course=units[0]).exists()
