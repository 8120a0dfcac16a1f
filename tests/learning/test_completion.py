"""Completion is written by POST only: viewing a page records nothing until the page posts."""

import pytest
from django.urls import reverse

from learning.models import ActivityCompletion
from learning.selectors import course_progress
from tests.breadcrumbs import trail

pytestmark = pytest.mark.django_db


def activity_url(activity):
    return reverse("learning:activity", args=[activity.pk])


def completion_url(activity):
    return reverse("learning:completion", args=[activity.pk])


def test_a_get_writes_nothing(client, online, learner, course):
    client.force_login(learner)
    response = client.get(activity_url(online["page"]))
    assert response.status_code == 200
    assert "Gli obblighi di pubblicazione." in response.text
    assert "Segna come visto" in response.text  # the no-JavaScript fallback
    assert "data-auto-view" in response.text
    client.get(course.get_absolute_url())
    client.get(reverse("courses:dashboard"))
    assert not ActivityCompletion.objects.exists()


def test_the_page_posts_viewed_and_progress_changes(client, online, learner, course):
    client.force_login(learner)
    assert course_progress(learner, course).done == 0
    response = client.post(
        completion_url(online["page"]), {"action": "viewed"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 200
    assert response.json()["done"] == 1
    assert response.json()["label"] == "Completate 1 attività su 4 (25%)"
    assert course_progress(learner, course).done == 1
    # Again: nothing more.
    client.post(completion_url(online["page"]), {"action": "viewed"})
    assert ActivityCompletion.objects.count() == 1


def test_the_fallback_button_redirects_back(client, online, learner):
    client.force_login(learner)
    response = client.post(completion_url(online["video"]), {"action": "viewed"})
    assert response.status_code == 302
    assert response["Location"] == activity_url(online["video"])
    assert ActivityCompletion.objects.get().state == "viewed"


def test_marked_done_only_for_activities_done_by_hand(client, online, learner, course):
    client.force_login(learner)
    response = client.post(completion_url(online["page"]), {"action": "done"})
    assert response.status_code == 302
    assert not ActivityCompletion.objects.exists()
    link = online["link"]
    link.opens_relative_to, link.opens_offset_days = "", None
    link.save()
    client.post(completion_url(link), {"action": "viewed"})
    assert course_progress(learner, course).done == 0  # seen is not done for this rule
    client.post(completion_url(link), {"action": "done"})
    assert course_progress(learner, course).done == 1
    client.post(completion_url(link), {"action": "viewed"})  # seeing again keeps it done
    assert course_progress(learner, course).done == 1
    client.post(completion_url(link), {"action": "undone"})
    assert course_progress(learner, course).done == 0


@pytest.mark.parametrize("data", [{}, {"action": "passed"}, {"action": "x" * 5000}])
def test_bad_input_is_refused_and_changes_nothing(client, online, learner, data):
    client.force_login(learner)
    response = client.post(completion_url(online["page"]), data)
    assert response.status_code == 400
    assert "Azione non riconosciuta" in response.content.decode()
    assert not ActivityCompletion.objects.exists()


def test_get_on_the_completion_url_is_refused(client, online, learner):
    client.force_login(learner)
    assert client.get(completion_url(online["page"]), {"action": "viewed"}).status_code == 405
    assert not ActivityCompletion.objects.exists()


def test_a_missing_activity_is_404(client, online, learner):
    client.force_login(learner)
    assert client.get(reverse("learning:activity", args=[999999])).status_code == 404
    assert (
        client.post(reverse("learning:completion", args=[999999]), {"action": "viewed"}).status_code
        == 404
    )


def test_staff_preview_shows_the_activity_and_records_nothing(
    client, online, training_manager, teacher, edition
):
    edition.teachers.add(teacher)
    for person in (training_manager, teacher):
        client.force_login(person)
        response = client.get(activity_url(online["link"]))  # locked for learners; not for staff
        assert response.status_code == 200
        assert "Anteprima per lo staff" in response.text
        assert "data-auto-view" not in response.text
        assert client.post(completion_url(online["page"]), {"action": "viewed"}).status_code == 404
    assert not ActivityCompletion.objects.exists()


def test_another_learners_progress_is_not_shown(
    client, online, learner, make_user, org, place, edition, course
):
    other = make_user(centre=org["pa2"])
    place(other, edition)
    ActivityCompletion.objects.create(user=learner, activity=online["page"], state="viewed")
    client.force_login(other)
    response = client.get(course.get_absolute_url())
    assert "Completate 0 attività su 4" in response.text


def test_the_course_page_shows_ticks_locks_reasons_and_what_next(client, online, learner, course):
    ActivityCompletion.objects.create(user=learner, activity=online["page"], state="viewed")
    client.force_login(learner)
    html = client.get(course.get_absolute_url()).text
    assert "Completate 1 attività su 4 (25%)" in html
    assert '<progress class="learning-progress__bar" max="4" value="1"' in html
    assert "Cosa fare adesso" in html and "Guarda il video" in html
    assert "Si apre il" in html  # the link's date
    assert "frequentato almeno il 50" in html  # the forum's attendance share


def test_the_dashboard_shows_progress_and_next(client, online, learner):
    client.force_login(learner)
    html = client.get(reverse("courses:dashboard")).text
    assert "Formazione online" in html and "Prossima attività:" in html
    assert "Leggi la lezione" in html


def test_the_course_page_outline_for_visitors_has_no_links(client, online, course):
    html = client.get(course.get_absolute_url()).text
    assert "Leggi la lezione" in html
    assert reverse("learning:activity", args=[online["page"].pk]) not in html


def test_the_activity_page_has_the_sites_one_breadcrumb_trail(client, online, learner, course):
    client.force_login(learner)
    assert trail(client.get(activity_url(online["page"]))) == [
        ("Home", "/"),
        ("Corsi", reverse("courses:index")),
        (course.code, course.get_absolute_url()),
        (online["page"].title, None),
    ]
