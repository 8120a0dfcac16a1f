"""Online learning in a real browser: a learner reads a lesson and sees the progress change, a
locked activity says why; the training manager opens the completion matrix. Keyboard only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course, Edition, Enrolment, Programme
from learning.models import Activity, ActivityCompletion, Lesson, Section
from tests.conftest import PASSWORD
from tests.courses.factories import add_days
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def online_course(live_url, org, make_user):
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano online",
        slug="piano-online",
        region=org["region"],
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
    )
    course = Course.objects.create(
        programme=programme, code="UD7", title="Accesso agli atti", slug="ud7-accesso"
    )
    edition = Edition.objects.create(
        course=course,
        code="UD7-NORD",
        cluster=org["north"],
        venue_name="Aula formazione",
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=6),
    )
    add_days(edition, edition.starts_on, 2)
    lesson = Lesson.objects.create(
        course=course,
        title="Le tre forme di accesso",
        body=[
            {
                "type": "paragraph",
                "value": "<p>Accesso documentale, civico semplice e generalizzato.</p>",
            }
        ],
    )
    before = Section.objects.create(course=course, title="Prima dell'aula", sort_order=0)
    after = Section.objects.create(course=course, title="Dopo l'aula", sort_order=1)
    Activity.objects.create(
        section=before, title="Leggi la lezione", kind="page", lesson=lesson, sort_order=0
    )
    Activity.objects.create(
        section=before,
        title="Il decreto sulla trasparenza",
        kind="link",
        url="https://www.normattiva.it/",
        completion="done",
        sort_order=1,
    )
    Activity.objects.create(
        section=after,
        title="Racconta un caso nel forum",
        kind="forum",
        opens_relative_to="last_day",
        opens_offset_days=1,
    )
    learner = make_user(role=Role.OPERATOR, centre=org["pa1"], last_name="Amato", first_name="Lia")
    Enrolment.objects.create(user=learner, edition=edition, status="approved")
    return {"course": course, "edition": edition, "learner": learner}


def test_a_learner_reads_a_lesson_and_the_manager_sees_it(new_page, online_course, make_user):
    course, edition, learner = (
        online_course["course"],
        online_course["edition"],
        online_course["learner"],
    )
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(course.get_absolute_url())
    panel = page.locator(".learning-panel")
    assert "Completate 0 attività su 3 (0%)" in panel.inner_text()
    assert "Si apre il" in panel.inner_text()  # the forum, after the last day
    assert_accessible(page)

    # With the keyboard: the first activity, from the "what to do next" box.
    panel.locator(".learning-next").get_by_role("link", name="Leggi la lezione").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Accesso documentale, civico semplice e generalizzato." in page.inner_text("main")
    # The page posts "viewed" once loaded; its progress follows without a reload.
    page.wait_for_function(
        "() => document.getElementById('activity-state').textContent.includes('completata')"
    )
    assert "Completate 1 attività su 3 (33%)" in page.inner_text("main")
    assert ActivityCompletion.objects.filter(user=learner).count() == 1
    assert_accessible(page)

    # Marking the link done, with the keyboard.
    page.goto(course.get_absolute_url())
    page.locator(".learning-activities").get_by_role(
        "link", name="Il decreto sulla trasparenza"
    ).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Segna come fatta").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Attività segnata come fatta." in page.inner_text("main")

    page.goto(course.get_absolute_url())
    assert "Completate 2 attività su 3 (67%)" in page.locator(".learning-panel").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Racconta un caso nel forum").click()
    main = page.inner_text("main")
    assert "non ancora disponibile" in main.lower() and "Si apre il" in main
    assert_accessible(page)

    manager = make_user(role=Role.TRAINING_MANAGER)
    other = new_page()
    login(other, manager.email, PASSWORD)
    other.goto(f"/formazione-online/edizioni/{edition.code}/avanzamento/")
    table = other.locator("table.learning-matrix")
    assert "Amato Lia" in table.inner_text() and "2 / 3" in table.inner_text()
    assert_accessible(other)
    other.get_by_label("Avanzamento").select_option("complete")
    other.get_by_role("button", name="Filtra").focus()
    with other.expect_navigation():
        other.keyboard.press("Enter")
    assert "Nessun partecipante corrisponde ai filtri." in other.inner_text("main")
    assert_accessible(other)
