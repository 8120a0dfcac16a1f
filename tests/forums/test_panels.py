"""The panels the forums add to the learner dashboard and to course pages."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from forums import services
from forums.wagtail_hooks import course_forums_panel, my_forums_panel

from .conftest import enrol, make_edition


def request_for(user):
    request = RequestFactory().get("/la-mia-formazione/")
    request.user = user
    return request


def test_the_panels_are_registered_with_the_course_apps_hooks():
    assert my_forums_panel in hooks.get_hooks("aula_dashboard_panels")
    assert course_forums_panel in hooks.get_hooks("aula_course_page_panels")


def test_my_forums_lists_readable_forums_with_what_is_new(
    operator, coach, north_topic, south_forum
):
    html = my_forums_panel(request_for(coach))
    assert "I miei forum" in html and north_topic.forum.title in html
    assert "1 discussione con novità" in html
    assert south_forum.title not in html


def test_my_forums_makes_a_fixed_number_of_queries(operator, org, course, teacher, north_forum):
    def count():
        with CaptureQueriesContext(connection) as captured:
            my_forums_panel(request_for(operator))
        return len(captured)

    count()  # the person's roles are read once per user object
    before = count()
    enrol(operator, make_edition(course, org["north"], "UD1-PA-10", teacher))
    for number in range(5):
        services.topic_create(
            forum=north_forum, author=teacher, title=f"Tema numero {number}", source="Testo"
        )
    assert count() == before <= 2


def test_the_course_panel_shows_the_persons_edition_forum(
    participant, operator, course, edition, other_edition, edition_forum
):
    html = course_forums_panel(request_for(participant), course)
    assert edition_forum.get_absolute_url() in html and other_edition.code not in html
    assert course_forums_panel(request_for(operator), course) == ""


def test_panels_say_nothing_to_anonymous_visitors(db, course):
    from django.contrib.auth.models import AnonymousUser

    assert my_forums_panel(request_for(AnonymousUser())) == ""
    assert course_forums_panel(request_for(AnonymousUser()), course) == ""
