"""The quiz page, the attempt page, the review, the grade table and the grading queue make
at most ten queries, as many for a big quiz and a full edition as for a small one."""

import itertools

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import QuizSlot
from tests.quizzes.conftest import auto_bank, bank, edition, learner, quiz  # noqa: F401
from tests.quizzes.factories import make_bank, make_quiz, right_form
from website.accounts.roles import Role

from .helpers import assert_same_queries, queries_for

MAX_QUERIES = 10
_prefixes = itertools.count(1)


def _more_questions(target, course):
    questions = make_bank(course, name=f"Altre {next(_prefixes)}", prefix="X ")
    start = target.slots.count()
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=target, question=q, sort_order=start + i) for i, q in enumerate(questions)
    )


@pytest.mark.django_db
def test_quiz_entry_page(client, quiz, learner, course):  # noqa: F811
    client.force_login(learner)
    url = reverse("quizzes:quiz", kwargs={"pk": quiz.pk})

    def grow():
        _more_questions(quiz, course)
        attempt = services.attempt_start(quiz=quiz, user=learner)
        services.attempt_finish(attempt=attempt)

    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_finish(attempt=attempt)
    count, _ = assert_same_queries(client, url, grow)
    assert count <= MAX_QUERIES


@pytest.mark.django_db
def test_attempt_and_review_pages(client, course, bank, learner):  # noqa: F811
    client.force_login(learner)
    small = make_quiz(course, bank[:2], title="Piccolo")
    big = make_quiz(course, bank, title="Grande")
    _more_questions(big, course)
    counts = {}
    for each in (small, big):
        attempt = services.attempt_start(quiz=each, user=learner)
        url = reverse("quizzes:attempt", kwargs={"pk": attempt.pk})
        client.get(url)
        counts[(each.title, "attempt")] = queries_for(client, url)[0]
        services.attempt_save(attempt=attempt, user=learner, data=right_form(attempt), finish=True)
        review = reverse("quizzes:review", kwargs={"pk": attempt.pk})
        counts[(each.title, "review")] = queries_for(client, review)[0]
    assert counts[("Piccolo", "attempt")] == counts[("Grande", "attempt")] <= MAX_QUERIES
    assert counts[("Piccolo", "review")] == counts[("Grande", "review")] <= MAX_QUERIES


@pytest.mark.django_db
def test_grade_table(client, teacher, edition, course, auto_bank, make_user, place):  # noqa: F811
    quizzes = [make_quiz(course, auto_bank, title=f"Quiz {n}") for n in range(2)]
    client.force_login(teacher)
    url = reverse("quizzes:grade_table", kwargs={"code": edition.code})

    def add_people(count):
        for _ in range(count):
            person = make_user(role=Role.OPERATOR)
            place(person, edition)
            for each in quizzes:
                attempt = services.attempt_start(quiz=each, user=person)
                services.attempt_finish(attempt=attempt)

    add_people(2)

    def grow():
        add_people(5)
        quizzes.append(make_quiz(course, auto_bank, title="Quiz in più"))

    count, _ = assert_same_queries(client, url, grow)
    assert count <= MAX_QUERIES


@pytest.mark.django_db
def test_grading_queue(client, teacher, edition, course, bank, make_user, place):  # noqa: F811
    essay_quiz = make_quiz(course, bank, title="Con tema")
    client.force_login(teacher)

    def add_essays(count):
        for _ in range(count):
            person = make_user(role=Role.OPERATOR)
            place(person, edition)
            attempt = services.attempt_start(quiz=essay_quiz, user=person)
            services.attempt_save(
                attempt=attempt, user=person, data=right_form(attempt, skip=()), finish=True
            )

    add_essays(2)
    count, response = assert_same_queries(
        client, reverse("quizzes:grading_queue"), lambda: add_essays(6)
    )
    assert count <= MAX_QUERIES
    assert len(response.context["page_obj"].object_list) == 8
