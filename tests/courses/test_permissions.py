"""The object checks and the listing filters in courses.permissions give the same answers."""

from django.contrib.auth.models import AnonymousUser

from courses.models import Course, Edition, Programme
from courses.permissions import (
    can_view_course,
    can_view_edition,
    course_visibility_filter,
    edition_visibility_filter,
)


def test_filters_and_object_checks_agree(
    make_edition, course, programme, operator, teacher, training_manager, make_user
):
    hidden_plan = Programme.objects.create(
        title="Bozza",
        slug="bozza",
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        is_published=False,
    )
    hidden_course = Course.objects.create(programme=hidden_plan, code="UD8", title="T", slug="t")
    editions = [
        make_edition(),
        make_edition(status=Edition.Status.DRAFT),
        make_edition(status=Edition.Status.CANCELLED),
        make_edition(status=Edition.Status.CLOSED),
        make_edition(course=hidden_course),
    ]
    editions[1].teachers.add(teacher, make_user())  # a draft the teacher may see
    for user in (AnonymousUser(), operator, teacher, training_manager):
        listed = set(Edition.objects.filter(edition_visibility_filter(user)))
        assert listed == {e for e in editions if can_view_edition(user, e)}, user
        courses = set(Course.objects.filter(course_visibility_filter(user)))
        assert courses == {c for c in (course, hidden_course) if can_view_course(user, c)}, user
    assert editions[1] in set(Edition.objects.filter(edition_visibility_filter(teacher)))
    assert editions[1] not in set(Edition.objects.filter(edition_visibility_filter(operator)))
    assert hidden_course in set(Course.objects.filter(course_visibility_filter(training_manager)))
