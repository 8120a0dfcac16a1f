"""The survey page and the results pages make at most ten queries, whatever the number of
questions and answers."""

import pytest
from django.urls import reverse

from surveys.models import Survey
from tests.surveys import conftest as survey_fixtures
from tests.surveys.factories import answer_as, body, make_evaluation, make_questionnaire

from .helpers import assert_same_queries

past_edition = survey_fixtures.past_edition
learners = survey_fixtures.learners
evaluation = survey_fixtures.evaluation

pytestmark = pytest.mark.django_db

LIMIT = 10


def more_questions(survey, extra):
    Survey.objects.filter(pk=survey.pk).update(questions=body(extra_questions=extra))


def test_the_survey_page_with_6_and_56_questions(client, learners, evaluation):
    client.force_login(learners[0])
    url = reverse("surveys:survey", kwargs={"pk": evaluation.pk})
    queries, response = assert_same_queries(client, url, lambda: more_questions(evaluation, 50))
    assert "Domanda aggiuntiva 49" in response.content.decode()
    assert queries <= LIMIT


def test_the_results_page_with_more_answers_and_questions(
    client, training_manager, learners, evaluation, make_user, org, place, past_edition
):
    for person in learners:
        answer_as(evaluation, person)
    client.force_login(training_manager)
    url = reverse("surveys:results", kwargs={"pk": evaluation.pk})

    def grow():
        for _ in range(20):
            person = make_user(centre=org["pa1"])
            place(person, past_edition)
            answer_as(evaluation, person)
        more_questions(evaluation, 30)

    queries, response = assert_same_queries(client, url, grow)
    assert response.context["results"].response_count == 26
    assert queries <= LIMIT


def test_the_teachers_results_page(client, teacher, learners, evaluation, past_edition):
    past_edition.teachers.add(teacher)
    for person in learners:
        answer_as(evaluation, person)
    client.force_login(teacher)
    url = reverse("surveys:results", kwargs={"pk": evaluation.pk})
    queries, _response = assert_same_queries(client, url, lambda: more_questions(evaluation, 20))
    assert queries <= LIMIT


def test_the_questionnaire_results_page(
    client, training_manager, make_user, org, make_edition, place
):
    questionnaire = make_questionnaire()
    client.force_login(training_manager)
    url = reverse("surveys:questionnaire_results", kwargs={"pk": questionnaire.pk})

    def add_edition():
        edition = make_edition(starts_in=-9, days=1)
        survey = make_evaluation(edition, questionnaire=questionnaire)
        for _ in range(5):
            person = make_user(centre=org["pa1"])
            place(person, edition)
            answer_as(survey, person)

    add_edition()
    queries, response = assert_same_queries(client, url, add_edition)
    assert response.context["results"].response_count == 10
    assert queries <= LIMIT
