"""The courses' admin forms take text the platform can hold, without bidirectional controls."""

import pytest

from courses.forms import CourseAdminForm

pytestmark = pytest.mark.django_db


def test_a_courses_audience_is_bounded():
    form = CourseAdminForm(data={"audience": "a" * 2001})
    assert not form.is_valid()
    assert "2000 caratteri" in form.errors["audience"][0]


def test_a_courses_title_loses_bidi_controls():
    form = CourseAdminForm(data={"title": "Trasparenza \u202eitta"})
    form.is_valid()
    assert form.cleaned_data["title"] == "Trasparenza itta"
