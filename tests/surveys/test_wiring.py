"""What the surveys app offers other apps: responded_pairs, the certificate condition, the
notices after the last day, the admin (questionnaires copied, surveys given)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.conditions import available_conditions
from surveys import selectors, services
from surveys.models import Questionnaire, Survey, SurveyNotice
from surveys.wagtail_hooks import EVALUATION_CONDITION

from .factories import answer_as, body, make_evaluation, make_needs, make_questionnaire

pytestmark = pytest.mark.django_db


def test_responded_pairs_reads_participations_in_one_query(learners, evaluation, past_edition):
    other = make_evaluation(past_edition, title="Seconda")
    answer_as(evaluation, learners[0])
    answer_as(other, learners[1])
    with CaptureQueriesContext(connection) as queries:
        pairs = selectors.responded_pairs(
            survey_ids=[evaluation.pk, other.pk], user_ids=[p.pk for p in learners]
        )
    assert len(queries) == 1
    assert pairs == {(evaluation.pk, learners[0].pk), (other.pk, learners[1].pk)}
    assert selectors.responded_pairs(survey_ids=[], user_ids=[learners[0].pk]) == set()


def test_the_certificate_condition_is_met_by_who_answered_the_evaluation(
    learners, evaluation, past_edition, make_edition
):
    condition = available_conditions()[EVALUATION_CONDITION]
    answer_as(evaluation, learners[0])
    ids = [p.pk for p in learners]
    assert condition.users_meeting(past_edition, ids) == {learners[0].pk}
    # An edition without an evaluation survey: nothing can be checked, nobody meets it.
    assert condition.users_meeting(make_edition(starts_in=-5, days=1), ids) == set()


def test_notices_go_once_to_who_has_not_answered(learners, evaluation, committed):
    answer_as(evaluation, learners[0])
    with committed():
        told = services.survey_notices_send()
    assert told == len(learners) - 1
    assert len(mail.outbox) == len(learners) - 1
    assert "Un questionario ti aspetta" in mail.outbox[0].subject
    assert reverse("surveys:survey", kwargs={"pk": evaluation.pk}) in mail.outbox[0].body
    assert services.survey_notices_send() == 0  # idempotent
    assert SurveyNotice.objects.count() == len(learners) - 1


def test_no_notice_before_the_last_day_is_over(make_user, org, make_edition, place):
    edition = make_edition(starts_in=-1, days=2)
    place(make_user(centre=org["pa1"]), edition)
    make_evaluation(edition)
    assert services.survey_notices_send() == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.survey_notices_send(today=tomorrow) == 1


def test_needs_analysis_notices_reach_the_chosen_clusters_staff(make_user, org):
    make_needs(clusters=[org["south"]])
    make_user(centre=org["sr1"])
    make_user(centre=org["sr2"])
    make_user(centre=org["pa1"])
    assert services.survey_notices_send() == 2


def test_a_survey_keeps_its_questions_once_answered(learners, evaluation):
    questionnaire = evaluation.questionnaire
    answer_as(evaluation, learners[0])
    questionnaire.body = body()[:3]
    questionnaire.save()
    evaluation.title = "Nuovo titolo"
    evaluation.save()
    evaluation.refresh_from_db()
    assert len([q for s in evaluation.sections() for q in s.questions]) == 6


def test_evaluation_surveys_create_once_per_edition(past_edition, make_edition):
    questionnaire = make_questionnaire()
    other = make_edition(starts_in=-3, days=1)
    created = services.evaluation_surveys_create(
        questionnaire=questionnaire, editions=[past_edition, other]
    )
    assert len(created) == 2
    assert created[0].programme_id == past_edition.course.programme_id
    assert services.evaluation_surveys_create(questionnaire=questionnaire, editions=[other]) == []


def test_the_default_evaluation_questionnaire_exists_and_can_be_copied(client, training_manager):
    default = Questionnaire.objects.get(title="Valutazione di fine edizione (modello)")
    sections = make_evaluation_sections(default)
    assert [s.title for s in sections] == ["Contenuti e docenza", "Organizzazione", "Suggerimenti"]
    client.force_login(training_manager)
    copy_url = reverse("questionnaires:copy", args=[default.pk])
    response = client.get(copy_url)
    assert response.status_code == 200
    assert "I contenuti sono utili per il mio lavoro" in response.content.decode()


def make_evaluation_sections(questionnaire):
    from surveys.questions import parse_questions

    return parse_questions(questionnaire.stream_data())


def test_the_admin_survey_form_checks_audience_and_anonymity(
    client, training_manager, past_edition, learners, org
):
    questionnaire = make_questionnaire()
    client.force_login(training_manager)
    add = reverse("surveys_admin:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add, {"title": "Fabbisogni", "questionnaire": questionnaire.pk, "kind": "needs"}
    )
    assert response.status_code == 200
    assert "Scegli almeno un centro o un cluster." in response.content.decode()
    response = client.post(
        add, {"title": "Valutazione", "questionnaire": questionnaire.pk, "kind": "evaluation"}
    )
    assert "Indica l'edizione" in str(response.context["form"].errors.as_data())
    assert not Survey.objects.exists()
    response = client.post(
        add,
        {
            "title": "Fabbisogni 2027",
            "questionnaire": questionnaire.pk,
            "kind": "needs",
            "is_anonymous": "on",
            "clusters": [org["north"].pk],
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Fabbisogni 2027")
    assert survey.questions and survey.is_anonymous
    answer_as(survey, learners[0])
    response = client.post(
        reverse("surveys_admin:edit", args=[survey.pk]),
        {
            "title": "Fabbisogni 2027",
            "questionnaire": questionnaire.pk,
            "kind": "needs",
            "clusters": [org["north"].pk],
        },
    )
    assert "non si può cambiare l'anonimato" in str(response.context["form"].errors.as_data())
    survey.refresh_from_db()
    assert survey.is_anonymous


def test_teachers_and_operators_have_no_survey_admin(client, teacher, operator):
    for person in (teacher, operator):
        client.force_login(person)
        response = client.get(reverse("surveys_admin:index"))
        assert response.status_code in (302, 403)
