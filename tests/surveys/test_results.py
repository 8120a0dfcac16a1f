"""Results: the threshold, charts with their numbers, free texts, who may see them, exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import ANONYMITY_THRESHOLD
from tests.breadcrumbs import trail

from .factories import Q_RATING, answer_as, make_evaluation, make_needs

pytestmark = pytest.mark.django_db


def results_url(survey):
    return reverse("surveys:results", kwargs={"pk": survey.pk})


def fill(survey, people, **kwargs):
    for n, person in enumerate(people):
        answer_as(survey, person, rating=(n % 10) + 1, **kwargs)


def test_below_the_threshold_no_result_shows(client, training_manager, evaluation, learners):
    fill(evaluation, learners[: ANONYMITY_THRESHOLD - 1], short="Segreto")
    client.force_login(training_manager)
    response = client.get(results_url(evaluation))
    assert trail(response) == [("Home", "/"), ("Risultati", None)]
    html = response.content.decode()
    assert "per tutelare l'anonimato" in html
    assert "Segreto" not in html and "report-chart-svg" not in html
    export = reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "csv"})
    assert client.get(export).status_code == 404


def test_at_the_threshold_charts_and_tables_show(client, training_manager, evaluation, learners):
    fill(evaluation, learners[:ANONYMITY_THRESHOLD], short="Una frase scritta")
    client.force_login(training_manager)
    response = client.get(results_url(evaluation))
    html = response.content.decode()
    assert "per tutelare l'anonimato" not in html
    assert (
        html.count("report-chart-svg") == 4
    )  # Likert, single, multiple, rating: texts have no chart
    assert "<table" in html and "Per niente" in html
    assert "media 3,0 su 10" in html  # ratings 1..5
    assert html.count("Una frase scritta") == ANONYMITY_THRESHOLD
    results = response.context["results"]
    rating = next(
        row for s in results.sections for row in s.questions if row.question.id == Q_RATING
    )
    assert [o.count for o in rating.options] == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]


def test_a_teacher_sees_their_own_editions_results_only(
    client, edition_teacher, make_user, evaluation, learners, make_edition, place
):
    from website.accounts.roles import Role

    fill(evaluation, learners[:5])
    client.force_login(edition_teacher)
    assert client.get(results_url(evaluation)).status_code == 200
    other = make_edition(starts_in=-10, days=1)
    other_survey = make_evaluation(other)
    assert client.get(results_url(other_survey)).status_code == 404
    stranger = make_user(role=Role.TEACHER)
    client.force_login(stranger)
    assert client.get(results_url(evaluation)).status_code == 404


def test_learners_get_404_on_results_even_when_they_answered(client, evaluation, learners):
    fill(evaluation, learners)
    client.force_login(learners[0])
    assert client.get(results_url(evaluation)).status_code == 404
    export = reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "xlsx"})
    assert client.get(export).status_code == 404
    overview = reverse("surveys:questionnaire_results", kwargs={"pk": evaluation.questionnaire_id})
    assert client.get(overview).status_code == 404


def test_the_csv_and_xlsx_exports_of_an_anonymous_survey_have_no_person(
    client, training_manager, evaluation, learners
):
    fill(evaluation, learners, short='=HYPERLINK("x")')
    client.force_login(training_manager)
    csv_url = reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "csv"})
    response = client.get(csv_url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "I contenuti sono utili."
    assert len(rows) == 1 + len(learners)
    body = response.content.decode("utf-8-sig")
    for person in learners:
        assert person.email not in body and person.last_name not in body
    assert "'=HYPERLINK" in body  # made harmless by the shared spreadsheet helper
    xlsx = client.get(
        reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + len(learners)
    bad = reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "pdf"})
    assert client.get(bad).status_code == 404


def test_a_named_survey_export_names_people_for_training_managers_only(
    client, training_manager, edition_teacher, past_edition, learners
):
    survey = make_evaluation(past_edition, anonymous=False)
    fill(survey, learners)
    url = reverse("surveys:results_export", kwargs={"pk": survey.pk, "fmt": "csv"})
    client.force_login(training_manager)
    body = client.get(url).content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Cognome;Nome;Email")
    for person in learners:
        assert person.email in body
    client.force_login(edition_teacher)
    body = client.get(url).content.decode("utf-8-sig")
    assert not body.splitlines()[0].startswith("Cognome")
    assert all(person.email not in body for person in learners)


def test_needs_analysis_results_by_cluster_keep_the_threshold(
    client, training_manager, make_user, org
):
    survey = make_needs(clusters=[org["north"], org["south"]])
    north = [make_user(centre=org["pa1"]) for _ in range(5)]
    south = [make_user(centre=org["sr1"]) for _ in range(2)]
    fill(survey, north + south)
    client.force_login(training_manager)
    whole = client.get(results_url(survey))
    assert whole.context["results"].response_count == 7 and whole.context["results"].shown
    by_north = client.get(results_url(survey), {"cluster": org["north"].pk})
    assert by_north.context["results"].shown
    by_south = client.get(results_url(survey), {"cluster": org["south"].pk})
    assert not by_south.context["results"].shown
    assert "per tutelare l'anonimato" in by_south.content.decode()
    assert client.get(results_url(survey), {"cluster": "abc"}).status_code == 404
    assert client.get(results_url(survey), {"cluster": 999999}).status_code == 404


def test_questionnaire_results_by_programme_course_and_cluster(
    client, training_manager, make_user, org, course, make_edition, place
):
    from .factories import make_questionnaire

    questionnaire = make_questionnaire()
    editions = [make_edition(starts_in=-9, days=1, cluster=c) for c in (org["north"], org["south"])]
    for edition in editions:
        survey = make_evaluation(edition, questionnaire=questionnaire)
        people = [make_user(centre=org["pa1"]) for _ in range(3)]
        for person in people:
            place(person, edition)
        fill(survey, people)
    url = reverse("surveys:questionnaire_results", kwargs={"pk": questionnaire.pk})
    client.force_login(training_manager)
    whole = client.get(url)
    assert whole.status_code == 200 and whole.context["results"].response_count == 6
    assert whole.context["results"].shown
    by_course = client.get(url, {"corso": course.pk, "piano": course.programme_id})
    assert by_course.context["results"].response_count == 6
    north = client.get(url, {"cluster": org["north"].pk})
    assert north.context["results"].response_count == 3 and not north.context["results"].shown
    assert client.get(url, {"corso": "x"}).status_code == 404
    assert client.get(url, {"piano": 424242}).status_code == 404


def test_the_programme_report_lists_the_surveys(client, training_manager, evaluation, learners):
    fill(evaluation, learners)
    client.force_login(training_manager)
    programme = evaluation.edition.course.programme
    html = client.get(
        reverse("reports:programme", kwargs={"slug": programme.slug})
    ).content.decode()
    assert results_url(evaluation) in html
    assert "Questionari" in html
