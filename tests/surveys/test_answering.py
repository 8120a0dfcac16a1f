"""Answering a survey: the audience, the dates, validation, one answer per person, the gate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from surveys.hooks import SURVEY_GATES, Closure
from surveys.models import Answer, Participation, Response

from .factories import Q_LIKERT, Q_MULTI, Q_RATING, Q_SINGLE, good_post, make_evaluation, make_needs

pytestmark = pytest.mark.django_db


def url(survey, name="survey"):
    return reverse(f"surveys:{name}", kwargs={"pk": survey.pk})


def nothing_written():
    return (Participation.objects.count(), Response.objects.count(), Answer.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_form_shows_every_question_with_labels_and_sections(client, learner, evaluation):
    client.force_login(learner)
    response = client.get(url(evaluation))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Contenuti", "Giudizio", "I contenuti sono utili.", "Voto complessivo"):
        assert text in html
    assert f'name="q-{Q_LIKERT}"' in html and "<legend" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html and "<textarea" in html


def test_a_valid_answer_is_saved_and_leads_to_the_thank_you_page(client, learner, evaluation):
    client.force_login(learner)
    response = client.post(url(evaluation), good_post())
    assert response.status_code == 302
    assert response["Location"] == url(evaluation, "thanks")
    assert Participation.objects.filter(survey=evaluation, user=learner).count() == 1
    assert Response.objects.filter(survey=evaluation).count() == 1
    # One row per answered question: Likert, single, multiple, rating, two texts.
    assert Answer.objects.count() == 6
    multiple = Answer.objects.get(question=Q_MULTI)
    assert multiple.choice == 0b101  # options 0 and 2
    assert client.get(url(evaluation, "thanks")).status_code == 200


@pytest.mark.parametrize(
    "change, message",
    [
        ({f"q-{Q_LIKERT}": ""}, "è obbligatoria"),
        ({f"q-{Q_SINGLE}": "7"}, "Scegli una delle risposte proposte"),
        ({f"q-{Q_RATING}": "11"}, "Scegli una delle risposte proposte"),
        ({f"q-{Q_RATING}": "0"}, "Scegli una delle risposte proposte"),
        ({f"q-{Q_RATING}": "otto"}, "Scegli una delle risposte proposte"),
        ({f"q-{Q_MULTI}": ["0", "9"]}, "Scegli una delle risposte proposte"),
        ({"q-55555555-5555-4555-8555-555555555555": "x" * 301}, "Al massimo 300 caratteri"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(
    client, learner, evaluation, change, message
):
    client.force_login(learner)
    data = {**good_post(), **change}
    response = client.post(url(evaluation), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "non è stato inviato" in html
    assert message in html
    assert nothing_written()


def test_an_empty_post_is_refused(client, learner, evaluation):
    client.force_login(learner)
    assert client.post(url(evaluation), {}).status_code == 400
    assert nothing_written()


def test_optional_questions_may_be_left_empty(client, learner, evaluation):
    client.force_login(learner)
    data = good_post(multi=(), short="", long="")
    assert client.post(url(evaluation), data).status_code == 302
    assert Answer.objects.count() == 3


def test_a_second_answer_is_refused_and_changes_nothing(client, learner, evaluation):
    client.force_login(learner)
    client.post(url(evaluation), good_post())
    before = sorted(Answer.objects.values_list("question", "choice", "text"))
    response = client.post(url(evaluation), good_post(likert=0, rating=1, short="Cambio idea"))
    assert response.status_code == 409
    assert "Hai già risposto" in response.content.decode()
    assert sorted(Answer.objects.values_list("question", "choice", "text")) == before
    assert Response.objects.count() == 1 and Participation.objects.count() == 1
    # The form is not shown again either.
    assert "Hai già risposto" in client.get(url(evaluation)).content.decode()


def test_someone_outside_the_audience_gets_404_and_writes_nothing(client, unplaced, evaluation):
    client.force_login(unplaced)
    assert client.get(url(evaluation)).status_code == 404
    assert client.post(url(evaluation), good_post()).status_code == 404
    assert client.get(url(evaluation, "thanks")).status_code == 404
    assert nothing_written()


def test_a_missing_survey_and_a_forbidden_one_look_the_same(client, unplaced, evaluation):
    client.force_login(unplaced)
    missing = reverse("surveys:survey", kwargs={"pk": evaluation.pk + 1000})
    assert client.get(missing).status_code == client.get(url(evaluation)).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, evaluation):
    response = client.get(url(evaluation))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_waitlisted_person_is_not_in_the_audience(client, make_user, org, past_edition, place):
    from courses.models import Enrolment

    person = make_user(centre=org["pa1"])
    place(person, past_edition, status=Enrolment.Status.WAITLISTED)
    survey = make_evaluation(past_edition)
    client.force_login(person)
    assert client.get(url(survey)).status_code == 404


def test_the_evaluation_opens_the_day_after_the_last_classroom_day(
    client, make_user, org, make_edition, place
):
    edition = make_edition(starts_in=-1, days=2)  # the last day is today
    person = make_user(centre=org["pa1"])
    place(person, edition)
    survey = make_evaluation(edition)
    client.force_login(person)
    response = client.get(url(survey))
    assert response.status_code == 200
    assert "Non ancora disponibile" in response.content.decode()
    assert client.post(url(survey), good_post()).status_code == 200
    assert nothing_written()


def test_a_closed_survey_takes_no_answers(client, learner, past_edition):
    survey = make_evaluation(past_edition, closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(learner)
    assert "è chiuso" in client.get(url(survey)).content.decode()
    client.post(url(survey), good_post())
    assert nothing_written()


def test_a_needs_analysis_reaches_the_staff_of_the_chosen_clusters_and_centres(
    client, make_user, org
):
    by_cluster = make_needs(clusters=[org["north"]])
    by_centre = make_needs(centres=[org["sr1"]])
    north = make_user(centre=org["pa2"])
    south = make_user(centre=org["sr1"])
    other_south = make_user(centre=org["sr2"])
    client.force_login(north)
    assert client.get(url(by_cluster)).status_code == 200
    assert client.get(url(by_centre)).status_code == 404
    client.force_login(south)
    assert client.get(url(by_cluster)).status_code == 404
    assert client.get(url(by_centre)).status_code == 200
    client.force_login(other_south)
    assert client.get(url(by_centre)).status_code == 404


def test_a_needs_analysis_waits_for_its_opening_date(client, make_user, org):
    survey = make_needs(clusters=[org["north"]], opens_on=timezone.localdate() + timedelta(days=3))
    client.force_login(make_user(centre=org["pa1"]))
    html = client.get(url(survey)).content.decode()
    assert "non è ancora aperto" in html


def test_a_gate_closes_the_survey_with_a_not_yet_page(client, learner, evaluation):
    def closed(user, survey):
        return Closure(reason="Prima completa la lezione introduttiva.", opens_at=None)

    with hooks.register_temporarily(SURVEY_GATES, closed):
        client.force_login(learner)
        response = client.get(url(evaluation))
        assert response.status_code == 200
        assert "Prima completa la lezione introduttiva." in response.content.decode()
        client.post(url(evaluation), good_post())
    assert nothing_written()


def test_the_gate_is_not_asked_for_people_outside_the_audience(client, unplaced, evaluation):
    asked = []

    def gate(user, survey):
        asked.append(user)

    with hooks.register_temporarily(SURVEY_GATES, gate):
        client.force_login(unplaced)
        assert client.get(url(evaluation)).status_code == 404
    assert asked == []


def test_the_thank_you_page_before_answering_sends_to_the_form(client, learner, evaluation):
    client.force_login(learner)
    response = client.get(url(evaluation, "thanks"))
    assert response.status_code == 302 and response["Location"] == url(evaluation)


def test_the_dashboard_lists_the_waiting_survey_until_it_is_answered(client, learner, evaluation):
    client.force_login(learner)
    dashboard = reverse("courses:dashboard")
    assert url(evaluation) in client.get(dashboard).content.decode()
    client.post(url(evaluation), good_post())
    assert url(evaluation) not in client.get(dashboard).content.decode()
