"""Sections and their activities in the Wagtail admin: the capability opens it, the model's
checks answer in the form, and nothing is saved when an activity is wrong."""

import pytest
from django.urls import reverse

from learning.models import Activity, Section

pytestmark = pytest.mark.django_db


def section_form(course, **activity):
    data = {
        "course": course.pk,
        "title": "Prima dell'aula",
        "sort_order": 0,
        "summary": "",
        "activities-TOTAL_FORMS": 1,
        "activities-INITIAL_FORMS": 0,
        "activities-MIN_NUM_FORMS": 0,
        "activities-MAX_NUM_FORMS": 1000,
        "activities-0-id": "",
        "activities-0-ORDER": 1,
        "activities-0-DELETE": "",
        "activities-0-title": "Leggi il decreto",
        "activities-0-description": "",
        "activities-0-duration_minutes": 20,
        "activities-0-completion": "viewed",
        "activities-0-kind": "link",
        "activities-0-url": "https://www.normattiva.it/",
        "activities-0-transcript": "",
        "activities-0-opens_relative_to": "",
        "activities-0-closes_relative_to": "",
    }
    data.update({f"activities-0-{key}": value for key, value in activity.items()})
    return data


def test_a_training_manager_adds_a_section_with_an_activity(client, training_manager, course):
    client.force_login(training_manager)
    url = reverse("learning_sections:add")
    response = client.post(url, section_form(course))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    activity = Activity.objects.get()
    assert activity.section.course == course and activity.kind == "link"


def test_a_wrong_activity_is_explained_and_nothing_is_saved(client, training_manager, course):
    client.force_login(training_manager)
    response = client.post(
        reverse("learning_sections:add"), section_form(course, kind="video", completion="passed")
    )
    assert response.status_code == 200
    html = response.text
    assert "deve indicare questo campo" in html  # the transcript
    assert "il completamento può essere" in html
    assert not Section.objects.exists() and not Activity.objects.exists()


def test_without_the_capability_the_admin_is_closed(client, editor, course):
    client.force_login(editor)
    response = client.post(reverse("learning_sections:add"), section_form(course))
    assert response.status_code == 302 and "/admin/" in response["Location"]
    assert not Section.objects.exists()
