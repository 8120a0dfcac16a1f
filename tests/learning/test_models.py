"""An activity's fields must fit its kind; the messages say what to fix."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import Course
from learning.kinds import TARGET_FIELDS, all_kinds, kind_choices
from learning.models import Activity, Lesson, Section
from resources.models import Resource

from .conftest import VIDEO

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(course):
    return Section.objects.create(course=course, title="Prima dell'aula")


def errors_of(activity) -> dict:
    with pytest.raises(ValidationError) as raised:
        activity.full_clean()
    return raised.value.message_dict


def test_every_kind_is_a_choice_and_targets_are_known():
    assert [code for code, _label in kind_choices()] == [kind.code for kind in all_kinds()]
    assert set(TARGET_FIELDS) == {"lesson", "resource", "quiz", "survey", "package"}
    for field in TARGET_FIELDS:
        assert Activity._meta.get_field(field).null


def test_a_page_needs_its_lesson_and_nothing_else(section, lesson):
    resource = Resource.objects.create(title="Slide", kind="slides", audience="registered")
    errors = errors_of(Activity(section=section, title="Lezione", kind="page", resource=resource))
    assert "deve indicare questo campo" in errors["lesson"][0]
    assert "non usa questo campo" in errors["resource"][0]
    Activity(section=section, title="Lezione", kind="page", lesson=lesson).full_clean()


def test_a_completion_rule_the_kind_does_not_allow_is_refused(section, lesson):
    activity = Activity(section=section, title="L", kind="page", lesson=lesson, completion="passed")
    message = errors_of(activity)["completion"][0]
    assert "Lezione" in message and "Vista" in message and "Superata" not in message


def test_a_video_needs_an_embeddable_address_and_a_transcript(section):
    errors = errors_of(Activity(section=section, title="V", kind="video", url=VIDEO))
    assert "transcript" in errors
    errors = errors_of(
        Activity(
            section=section,
            title="V",
            kind="video",
            url="https://example.org/v.mp4",
            transcript="Testo",
        )
    )
    assert "YouTube" in errors["url"][0]


def test_a_lesson_an_activity_and_a_prerequisite_of_another_course_are_refused(
    section, course, programme
):
    other = Course.objects.create(programme=programme, code="UD2", title="Altro", slug="ud2")
    foreign_lesson = Lesson.objects.create(course=other, title="Altrove")
    errors = errors_of(Activity(section=section, title="L", kind="page", lesson=foreign_lesson))
    assert errors["lesson"] == ["La lezione appartiene a un altro corso."]
    other_section = Section.objects.create(course=other, title="Altra")
    foreign = Activity.objects.create(
        section=other_section, title="Altra", kind="link", url="https://example.org/"
    )
    errors = errors_of(
        Activity(
            section=section,
            title="X",
            kind="link",
            url="https://example.org/",
            prerequisite=foreign,
        )
    )
    assert errors["prerequisite"] == ["L'attività richiesta deve essere dello stesso corso."]


def test_a_staff_only_resource_is_refused(section):
    resource = Resource.objects.create(title="Note", kind="handout", audience="staff")
    errors = errors_of(Activity(section=section, title="R", kind="resource", resource=resource))
    assert "riservata allo staff" in errors["resource"][0]


def test_dates_must_be_coherent(section):
    base = {"section": section, "title": "X", "kind": "link", "url": "https://example.org/"}
    errors = errors_of(Activity(**base, opens_relative_to="first_day"))
    assert errors["opens_offset_days"] == ["Indica quanti giorni prima o dopo."]
    errors = errors_of(Activity(**base, closes_offset_days=3))
    assert "closes_relative_to" in errors
    errors = errors_of(
        Activity(
            **base,
            opens_relative_to="last_day",
            opens_offset_days=3,
            closes_relative_to="last_day",
            closes_offset_days=1,
        )
    )
    assert errors["closes_offset_days"] == ["La chiusura deve seguire l'apertura."]
    errors = errors_of(Activity(**base, min_attendance_share=120))
    assert "min_attendance_share" in errors


def test_an_unknown_kind_is_refused(section):
    errors = errors_of(Activity(section=section, title="X", kind="scorm"))
    assert "kind" in errors
