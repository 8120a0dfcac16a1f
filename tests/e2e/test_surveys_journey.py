"""A survey in a real browser: a participant answers the evaluation with the keyboard alone
(first leaving required questions empty), then the training manager reads the results."""

import pytest

from surveys.models import Participation
from tests.conftest import PASSWORD
from tests.surveys.factories import answer_as, make_evaluation
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def evaluation_data(live_url, org, make_user, make_edition, place):
    edition = make_edition(starts_in=-8, days=2)
    survey = make_evaluation(edition)
    learner = make_user(role=Role.OPERATOR, centre=org["pa1"], first_name="Lia")
    place(learner, edition)
    # Four colleagues answered already: with the learner, the results reach the threshold.
    for rating in (6, 7, 8, 9):
        colleague = make_user(role=Role.OPERATOR, centre=org["pa1"])
        place(colleague, edition)
        answer_as(survey, colleague, rating=rating, short="Il confronto con i colleghi.")
    return {"survey": survey, "learner": learner}


def test_a_participant_answers_by_keyboard_and_the_manager_reads_the_results(
    new_page, evaluation_data, training_manager
):
    survey, learner = evaluation_data["survey"], evaluation_data["learner"]
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto("/la-mia-formazione/")
    page.get_by_role("link", name=survey.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == survey.title
    assert_accessible(page)

    # Only the short text, then Enter: the required questions are refused, nothing is saved.
    short = page.get_by_label("In una frase")
    short.focus()
    page.keyboard.type("Esempi concreti")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".form-error-summary")
    assert "non è stato inviato" in summary.inner_text()
    assert "è obbligatoria" in summary.inner_text()
    assert not Participation.objects.filter(user=learner).exists()
    assert_accessible(page)

    # Now every question, with the keyboard alone, from the first option of the first one.
    page.get_by_label("Per niente").focus()
    keys = page.keyboard
    keys.press("ArrowRight")
    keys.press("ArrowRight")  # "Abbastanza"
    keys.press("Tab")
    keys.press("ArrowRight")  # "Giusta"
    keys.press("Tab")
    keys.press("Space")  # "Slide"
    keys.press("Tab")
    keys.press("Tab")
    keys.press("Space")  # "Forum"
    keys.press("Tab")
    for _ in range(7):
        keys.press("ArrowRight")  # the rating: 8
    keys.press("Tab")  # the short text keeps what was typed
    keys.press("Tab")
    keys.type("Più esercitazioni.")
    keys.press("Tab")
    keys.press("Enter")
    page.wait_for_url(f"**/questionari/{survey.pk}/grazie/")
    assert "Grazie per le tue risposte" in page.inner_text("main")
    assert Participation.objects.filter(user=learner, survey=survey).count() == 1
    assert_accessible(page)

    manager = new_page()
    login(manager, training_manager.email, PASSWORD)
    manager.goto(f"/questionari/{survey.pk}/risultati/")
    main = manager.inner_text("main")
    assert "5 risposte" in main
    assert "Esempi concreti" in main and "Più esercitazioni." in main
    assert manager.locator("svg.report-chart-svg").count() == 4
    rating = manager.get_by_role("table", name="Voto complessivo")
    assert rating.get_by_role("row", name="8 2 40,0%").count() == 1
    assert_accessible(manager)
