"""The learner's pages and the staff pages: who sees what, and what the HTML gives away."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from quizzes import services
from quizzes.hooks import QUIZ_GATES, Closure
from quizzes.models import Attempt
from tests.breadcrumbs import trail
from website.accounts.roles import Role

from .factories import as_post, make_quiz, right_form

pytestmark = pytest.mark.django_db


def _answer_key_markers(quiz):
    """Strings that would give the answer key away: feedback, accepted answers, fractions."""
    return [
        "FEEDBACK-GIUSTO",
        "FEEDBACK-SBAGLIATO",
        "COMMENTO-GENERALE-SINGOLA",
        "fraction",
        "C.P.I.",
    ]


def test_entry_start_answer_finish_review(client, quiz, learner):
    client.force_login(learner)
    page = client.get(reverse("quizzes:quiz", kwargs={"pk": quiz.pk}))
    assert page.status_code == 200
    assert "Inizia il quiz" in page.content.decode()
    quiz_url = reverse("quizzes:quiz", kwargs={"pk": quiz.pk})
    above = [
        ("Home", "/"),
        ("La mia formazione", reverse("courses:dashboard")),
        (quiz.course.code, quiz.course.get_absolute_url()),
    ]
    assert trail(page) == [*above, (quiz.title, None)]
    response = client.post(reverse("quizzes:start", kwargs={"pk": quiz.pk}))
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    assert response.url == reverse("quizzes:attempt", kwargs={"pk": attempt.pk})
    attempt_page = client.get(response.url)
    assert trail(attempt_page) == [*above, (quiz.title, quiz_url), ("Tentativo 1", None)]
    html = attempt_page.content.decode()
    for marker in _answer_key_markers(quiz):
        assert marker not in html
    data = right_form(attempt)
    # Autosave answers JSON without any key.
    saved = client.post(response.url, as_post(data), headers={"x-requested-with": "fetch"})
    body = saved.json()
    assert body["saved"] is True and set(body) == {"saved", "finished", "saved_at"}
    for marker in _answer_key_markers(quiz):
        assert marker not in json.dumps(body)
    # Reload keeps the answers.
    html = client.get(response.url).content.decode()
    assert 'value="40"' in html
    data["action"] = "finish"
    finished = client.post(response.url, as_post(data))
    assert finished.url == reverse("quizzes:review", kwargs={"pk": attempt.pk})
    review_page = client.get(finished.url)
    assert trail(review_page)[-2:] == [(quiz.title, quiz_url), ("Riepilogo del tentativo 1", None)]
    review = review_page.content.decode()
    assert "100%" in review
    assert "FEEDBACK-GIUSTO" in review  # feedback shown immediately (the default)
    assert "Risposta giusta:" not in review  # right answers only after the quiz closes


def test_review_shows_right_answers_only_when_allowed(client, course, auto_bank, learner):
    quiz = make_quiz(
        course,
        auto_bank,
        review_answers="immediately",
        review_feedback="never",
        review_score="never",
    )
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_finish(attempt=attempt)
    client.force_login(learner)
    review = client.get(reverse("quizzes:review", kwargs={"pk": attempt.pk})).content.decode()
    assert "Risposta giusta:" in review and "D.lgs. 150/2015" in review
    assert "FEEDBACK-GIUSTO" not in review and "COMMENTO-GENERALE" not in review
    assert "Voto" not in review


def test_review_of_an_unfinished_attempt_shows_nothing(client, quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)
    response = client.get(reverse("quizzes:review", kwargs={"pk": attempt.pk}))
    assert response.status_code == 302


def test_another_learners_attempt_is_404(client, quiz, learner, other_learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(other_learner)
    assert client.get(reverse("quizzes:attempt", kwargs={"pk": attempt.pk})).status_code == 404
    assert (
        client.post(
            reverse("quizzes:attempt", kwargs={"pk": attempt.pk}), {"shown": "1"}
        ).status_code
        == 404
    )
    services.attempt_finish(attempt=attempt)
    assert client.get(reverse("quizzes:review", kwargs={"pk": attempt.pk})).status_code == 404


def test_not_enrolled_or_not_confirmed_is_404(client, quiz, make_user, place, edition):
    outsider = make_user(role=Role.OPERATOR)
    waiting = make_user(role=Role.OPERATOR)
    place(waiting, edition, status="requested")
    for person in (outsider, waiting):
        client.force_login(person)
        assert client.get(reverse("quizzes:quiz", kwargs={"pk": quiz.pk})).status_code == 404
        assert client.post(reverse("quizzes:start", kwargs={"pk": quiz.pk})).status_code == 404
    assert not Attempt.objects.exists()


def test_unpublished_quiz_is_404_to_learners(client, course, auto_bank, learner):
    quiz = make_quiz(course, auto_bank, is_published=False)
    client.force_login(learner)
    assert client.get(reverse("quizzes:quiz", kwargs={"pk": quiz.pk})).status_code == 404


def test_anonymous_goes_to_login(client, quiz):
    response = client.get(reverse("quizzes:quiz", kwargs={"pk": quiz.pk}))
    assert response.status_code == 302 and "login" in response.url


def test_a_gate_shows_the_not_yet_page_and_stops_every_view(client, quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    opens = timezone.now() + timedelta(days=2)

    def gate(user, the_quiz):
        return Closure(reason="Prima completa la sezione «Prima dell'aula».", opens_at=opens)

    client.force_login(learner)
    with hooks.register_temporarily(QUIZ_GATES, gate):
        for url in (
            reverse("quizzes:quiz", kwargs={"pk": quiz.pk}),
            reverse("quizzes:attempt", kwargs={"pk": attempt.pk}),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert "non è ancora disponibile" in response.content.decode()
            assert "Prima dell" in response.content.decode()
        response = client.post(reverse("quizzes:start", kwargs={"pk": quiz.pk}))
        assert response.status_code == 200
        client.post(reverse("quizzes:attempt", kwargs={"pk": attempt.pk}), {"action": "finish"})
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_get_after_the_deadline_writes_nothing_and_a_post_finishes(
    client, course, auto_bank, learner
):
    quiz = make_quiz(course, auto_bank, time_limit_minutes=5)
    attempt = services.attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - timedelta(minutes=6)
    )
    client.force_login(learner)
    response = client.get(reverse("quizzes:attempt", kwargs={"pk": attempt.pk}))
    assert response.url == reverse("quizzes:quiz", kwargs={"pk": quiz.pk})
    attempt.refresh_from_db()
    assert not attempt.is_finished
    page = client.get(response.url).content.decode()
    assert "Consegna e vedi il riepilogo" in page
    response = client.post(
        reverse("quizzes:attempt", kwargs={"pk": attempt.pk}), {"action": "finish"}
    )
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.timed_out


def test_malformed_post_shows_a_message_and_changes_nothing(client, quiz, learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)
    url = reverse("quizzes:attempt", kwargs={"pk": attempt.pk})
    response = client.post(url, {"shown": "1", "q1": "999999"}, follow=True)
    assert "non è tra quelle proposte" in response.content.decode()
    response = client.post(
        url, {"shown": "1", "q1": "999999"}, headers={"x-requested-with": "fetch"}
    )
    assert response.status_code == 400
    assert not attempt.answers.filter(saved_at__isnull=False).exists()


# --- Staff pages ------------------------------------------------------------------------


@pytest.fixture
def graded_essay(course, bank, learner):
    quiz = make_quiz(course, bank, title="Con risposta aperta")
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt, user=learner, data=right_form(attempt, skip=()), finish=True
    )
    return attempt.answers.get(question__type="essay")


def test_staff_pages_are_404_to_learners(client, learner, graded_essay, edition):
    client.force_login(learner)
    quiz = graded_essay.attempt.quiz
    for url in (
        reverse("quizzes:grading_queue"),
        reverse("quizzes:grade_answer", kwargs={"pk": graded_essay.pk}),
        reverse("quizzes:grade_table", kwargs={"code": edition.code}),
        reverse("quizzes:analysis", kwargs={"pk": quiz.pk}),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/admin/quiz/banca/importa/").status_code in (302, 403)


def test_teacher_grades_an_essay_of_their_edition(
    client, teacher, graded_essay, edition, learner, mailoutbox, committed
):
    client.force_login(teacher)
    queue = client.get(reverse("quizzes:grading_queue")).content.decode()
    assert "Amato" in queue
    url = reverse("quizzes:grade_answer", kwargs={"pk": graded_essay.pk})
    assert "La mia risposta" in client.get(url).content.decode()
    assert client.post(url, {"mark": "5", "comment": ""}).status_code == 200  # over the maximum
    graded_essay.refresh_from_db()
    assert graded_essay.needs_grading
    with committed():
        response = client.post(url, {"mark": "1,5", "comment": "Chiaro e preciso."})
    assert response.status_code == 302
    graded_essay.refresh_from_db()
    assert graded_essay.mark == Decimal("1.50") and not graded_essay.needs_grading
    attempt = graded_essay.attempt
    attempt.refresh_from_db()
    assert attempt.grade == Decimal("93.75")
    assert "Amato" not in client.get(reverse("quizzes:grading_queue")).content.decode()
    assert any("corretta" in message.subject for message in mailoutbox)


def test_teacher_of_another_edition_sees_nothing(
    client, make_user, make_edition, graded_essay, edition
):
    other = make_user(role=Role.TEACHER, email="altro.docente@example.org")
    other_edition = make_edition(code="UD1-SR-09")
    other_edition.teachers.add(other)
    client.force_login(other)
    assert "Amato" not in client.get(reverse("quizzes:grading_queue")).content.decode()
    assert (
        client.get(reverse("quizzes:grade_answer", kwargs={"pk": graded_essay.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("quizzes:grade_table", kwargs={"code": edition.code})).status_code == 404
    )
    table = client.get(reverse("quizzes:grade_table", kwargs={"code": other_edition.code}))
    assert table.status_code == 200 and "Amato" not in table.content.decode()


def test_grade_table_and_exports(client, teacher, edition, quiz, learner, other_learner):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(attempt=attempt, user=learner, data=right_form(attempt), finish=True)
    client.force_login(teacher)
    url = reverse("quizzes:grade_table", kwargs={"code": edition.code})
    html = client.get(url).content.decode()
    assert "Amato" in html and "Bruno" in html and "100%" in html
    csv = client.get(url + "?formato=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Amato;Anna;allieva@example.org;100.00" in text
    xlsx = client.get(url + "?formato=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get(url + "?formato=pdf").status_code == 404


def test_analysis_flags_a_question_nobody_gets(
    client, training_manager, course, auto_bank, make_user, place, edition
):
    quiz = make_quiz(course, auto_bank)
    for index in range(6):
        person = make_user(role=Role.OPERATOR)
        place(person, edition)
        attempt = services.attempt_start(quiz=quiz, user=person)
        data = right_form(attempt)
        numeric = attempt.answers.get(question__type="numeric")
        data[f"q{numeric.position}"] = "12"  # nobody gets the numeric one
        if index < 3:  # the weaker half also misses the single-choice one
            single = attempt.answers.get(question__type="single")
            data.pop(f"q{single.position}")
        services.attempt_save(attempt=attempt, user=person, data=data, finish=True)
    client.force_login(training_manager)
    response = client.get(reverse("quizzes:analysis", kwargs={"pk": quiz.pk}))
    stats = {item.question.type: item for item in response.context["stats"]}
    assert stats["numeric"].facility == 0 and stats["numeric"].flagged
    assert stats["single"].facility == 50 and stats["single"].discrimination == 100
    assert not stats["single"].flagged


def test_the_course_page_lists_a_quiz_as_soon_as_it_is_published(client, course, learner, bank):
    """The course page reads the published quizzes from the cache: every save is seen."""
    client.force_login(learner)
    draft = make_quiz(course, bank, title="Verifica intermedia", is_published=False)
    assert "Verifica intermedia" not in client.get(course.get_absolute_url()).content.decode()
    draft.is_published = True
    draft.save()
    assert "Verifica intermedia" in client.get(course.get_absolute_url()).content.decode()
    draft.delete()
    assert "Verifica intermedia" not in client.get(course.get_absolute_url()).content.decode()
