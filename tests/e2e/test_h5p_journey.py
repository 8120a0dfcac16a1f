"""The demo H5P activity in a real browser: played, scored, tracked and resumed."""

import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.package_builder import h5p_file
from learning.models import Section
from learning.selectors import completed_pairs
from packages import services
from packages.models import ScoState
from packages.selectors import package_outcomes
from tests.conftest import PASSWORD
from tests.packages import conftest as package_fixtures

from .helpers import assert_accessible, login

_media_in_tmp = package_fixtures._media_in_tmp
enrolled_course = package_fixtures.enrolled_course
learner = package_fixtures.learner

pytestmark = pytest.mark.browser


@pytest.fixture
def h5p_activity(enrolled_course, training_manager):
    course, _ = enrolled_course
    package = services.upload_package(
        course=course,
        uploaded=SimpleUploadedFile("assegno.h5p", h5p_file(), content_type="application/zip"),
        by=training_manager,
    )
    section = Section.objects.create(course=course, title="Online", sort_order=0)
    activity = section.activities.create(
        title="Domande sull'assegno",
        kind="package",
        package=package,
        completion="passed",
        sort_order=0,
    )
    return package, activity


def _content(page):
    return page.frame_locator("iframe.h5p-iframe")


def test_a_learner_plays_the_h5p_activity_resumes_it_and_is_scored(
    live_url, new_page, h5p_activity, learner
):
    package, activity = h5p_activity
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{package.pk}/")
    content = _content(page)
    first = content.get_by_role("group", name="Domanda 1 di 3")
    first.wait_for()
    assert_accessible(page)
    first.get_by_role("button", name="Controlla la risposta").click()
    first.get_by_text("Scegli una risposta.").wait_for()
    first.get_by_label("Un centro per l'impiego o un'agenzia per il lavoro accreditata").check()
    first.get_by_role("button", name="Controlla la risposta").click()
    first.get_by_text("Risposta corretta.").wait_for()
    page.get_by_text("Il tuo risultato è stato registrato.").wait_for()
    # The answer's statement and the state are two requests: wait for the state's too.
    deadline = time.monotonic() + 10
    state = ScoState.objects.get(attempt__user=learner, attempt__package=package)
    while "state" not in state.cmi and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        state.refresh_from_db()
    assert state.completion == "incomplete"
    assert '"checked":[true,false,false]' in state.cmi["state"]

    # Another day, another browser: the answer given is back and locked.
    page.context.close()
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{package.pk}/")
    content = _content(page)
    content.get_by_text("le risposte già date sono state ripristinate").wait_for()
    first = content.get_by_role("group", name="Domanda 1 di 3")
    assert first.get_by_role("button", name="Controlla la risposta").is_disabled()
    second = content.get_by_role("group", name="Domanda 2 di 3")
    second.get_by_label("Sceglie il soggetto erogatore al posto della persona").check()
    second.get_by_role("button", name="Controlla la risposta").click()
    second.get_by_text("Risposta non corretta").wait_for()
    third = content.get_by_role("group", name="Domanda 3 di 3")
    third.get_by_label("Solo se la persona trova un lavoro (a risultato)").check()
    third.get_by_role("button", name="Controlla la risposta").click()
    content.get_by_text("Hai risposto correttamente a 2 domande su 3.").wait_for()
    page.get_by_text("Il tuo risultato è stato registrato.").wait_for()
    assert_accessible(page)

    outcome = package_outcomes(package_ids=[package.pk], user_ids=[learner.pk])[
        (package.pk, learner.pk)
    ]
    assert outcome.completed is True
    assert outcome.passed is True  # 2 of 3 reaches the activity's own 60 % pass mark
    assert outcome.score == Decimal("66.67")
    assert completed_pairs([activity], [learner.pk]) == {(activity.pk, learner.pk)}
    page.goto(f"/corsi/{package.course.slug}/")
    panel = page.locator("section[aria-labelledby=course-packages-title]")
    assert "completato" in panel.inner_text()
    assert "punteggio 67/100" in panel.inner_text()
    assert page.javascript_errors == []
