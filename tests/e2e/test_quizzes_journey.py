"""A quiz in a real browser: a learner fails it, passes it at the second attempt answering
with the keyboard alone, and a teacher grades an essay. axe-core checks every page."""

from decimal import Decimal

import pytest

from quizzes import services
from quizzes.models import Attempt
from tests.conftest import PASSWORD
from tests.quizzes.factories import make_bank, make_quiz, right_form
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(live_url, make_edition, teacher, make_user, org, place, course):
    edition = make_edition(starts_in=-5, days=2, code="UD1-E2E")
    edition.teachers.add(teacher)
    learner = make_user(role=Role.OPERATOR, centre=org["pa1"], first_name="Lia", last_name="Amato")
    place(learner, edition)
    bank = make_bank(course)
    auto = [q for q in bank if q.type != "essay"]
    quiz = make_quiz(
        course,
        auto,
        title="Verifica di trasparenza",
        shuffle_answers=False,
        attempts_allowed=3,
        time_limit_minutes=30,
        pass_mark=Decimal("80"),
    )
    essay_quiz = make_quiz(course, [q for q in bank if q.type == "essay"], title="Caso pratico")
    return {"edition": edition, "learner": learner, "quiz": quiz, "essay_quiz": essay_quiz}


def _keyboard_check(page, label):
    control = page.get_by_label(label, exact=True)
    control.focus()
    page.keyboard.press("Space")
    assert control.is_checked()


def test_fail_then_pass_with_the_keyboard_then_the_teacher_grades_an_essay(
    new_page, setting, teacher
):
    quiz, learner = setting["quiz"], setting["learner"]
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/quiz/{quiz.pk}/")
    assert_accessible(page)

    # First attempt: one wrong answer and nothing else, submitted: failed.
    page.get_by_role("button", name="Inizia il quiz").click()
    assert_accessible(page)
    page.get_by_text("D.l. 185/2008", exact=True).click()
    page.get_by_role("button", name="Consegna").click()
    assert "non superato" in page.inner_text("main")
    assert_accessible(page)
    first = Attempt.objects.get(quiz=quiz, user=learner, number=1)
    assert first.grade == 0

    # Second attempt, keyboard only.
    page.goto(f"/quiz/{quiz.pk}/")
    assert "Ti restano 2 tentativi" in page.inner_text("main")
    start = page.get_by_role("button", name="Nuovo tentativo")
    start.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    attempt = Attempt.objects.get(quiz=quiz, user=learner, number=2)
    _keyboard_check(page, "D.lgs. 150/2015")
    _keyboard_check(page, "Orientamento")
    _keyboard_check(page, "Incontro domanda-offerta")
    _keyboard_check(page, "Vero")
    for answer in attempt.answers.select_related("question").order_by("position"):
        kind = answer.question.type
        if kind in ("short", "numeric"):
            page.locator(f"#q{answer.position}-answer").focus()
            page.keyboard.type("CPI" if kind == "short" else "40")
        if kind == "matching":
            for choice in answer.question.choices.exclude(text=""):
                page.get_by_label(choice.text, exact=True).focus()
                page.keyboard.type(choice.match_answer)
    # Save with the keyboard, reload: the answers are still there.
    save = page.get_by_role("button", name="Salva le risposte")
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Risposte salvate" in page.inner_text("main")
    assert (
        page.locator(
            f"#q{attempt.answers.get(question__type='numeric').position}-answer"
        ).input_value()
        == "40"
    )
    assert_accessible(page)
    submit = page.get_by_role("button", name="Consegna")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.grade == Decimal("100.00")
    assert "superato" in page.inner_text("main")
    assert_accessible(page)
    page.goto(f"/quiz/{quiz.pk}/")
    assert "Quiz superato: voto 100%" in page.inner_text("main")
    assert_accessible(page)

    # An essay, submitted by the learner, graded by the teacher of the edition.
    essay_quiz = setting["essay_quiz"]
    essay_attempt = services.attempt_start(quiz=essay_quiz, user=learner)
    services.attempt_save(
        attempt=essay_attempt,
        user=learner,
        data=right_form(essay_attempt, skip=(), essay="Chiederei il parere del responsabile."),
        finish=True,
    )
    staff = new_page()
    login(staff, teacher.email, PASSWORD)
    staff.goto("/quiz/correzioni/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Correggi la risposta di Lia Amato").click()
    assert "Chiederei il parere" in staff.inner_text("main")
    assert_accessible(staff)
    staff.get_by_label("Punteggio").fill("1,5")
    staff.get_by_label("Commento per il partecipante").fill("Buona la scelta, motiva di più.")
    staff.get_by_role("button", name="Salva la valutazione").click()
    assert "Valutazione salvata" in staff.inner_text("main")
    essay_attempt.refresh_from_db()
    assert essay_attempt.grade == Decimal("75.00")
    staff.goto(f"/quiz/edizioni/{setting['edition'].code}/voti/")
    assert "Amato" in staff.inner_text("main")
    assert_accessible(staff)
    staff.goto(f"/quiz/{quiz.pk}/analisi/")
    assert_accessible(staff)

    page.goto(f"/quiz/tentativi/{essay_attempt.pk}/riepilogo/")
    assert "motiva di più" in page.inner_text("main")
    assert_accessible(page)
    assert page.javascript_errors == [] and staff.javascript_errors == []
