"""The demo's questionnaires: every evaluation chart has data but one, kept below the
anonymity threshold; the needs analysis before the plan; an open one for the operator."""

from django.urls import reverse

from courses.models import Edition
from demo.courses import FINISHED_SLUG
from demo.surveys import NEEDS_BEFORE, NEEDS_UPCOMING
from surveys import selectors
from surveys.models import ANONYMITY_THRESHOLD, Participation, Survey
from website.accounts.models import User


def test_every_finished_edition_has_its_evaluation_and_one_stays_below_the_threshold(demo_db):
    editions = Edition.objects.filter(course__programme__slug=FINISHED_SLUG)
    surveys = Survey.objects.filter(kind=Survey.Kind.EVALUATION, edition__in=editions)
    assert surveys.count() == editions.count() == 20
    below = []
    for survey in surveys:
        results = selectors.survey_results(survey, with_texts=True)
        if not results.shown:
            below.append(survey.edition.code)
            continue
        for section in results.sections:
            for row in section.questions:
                assert row.answered or not row.question.required, (survey, row.question.text)
                if not row.question.is_text:
                    assert sum(option.count for option in row.options) > 0
    assert below == ["UD4-CT-CITTA"]
    assert not Survey.objects.filter(is_anonymous=True, needs_shuffle=True).exists()
    assert not Participation.objects.filter(response__isnull=False).exists()


def test_the_needs_analysis_before_the_plan_has_answers_from_every_cluster(demo_db):
    survey = Survey.objects.get(title=NEEDS_BEFORE)
    results = selectors.survey_results(survey)
    assert results.shown and len(results.clusters) == 12
    assert all(
        selectors.survey_results(survey, cluster_id=cluster.pk).response_count
        >= ANONYMITY_THRESHOLD
        for cluster in results.clusters
    )


def test_the_operator_finds_the_open_needs_analysis_and_the_manager_the_results(demo_db, client):
    operator = User.objects.get(email="operatore@aula.example")
    upcoming = Survey.objects.get(title=NEEDS_UPCOMING)
    assert [s.pk for s in selectors.surveys_waiting(operator)] == [upcoming.pk]
    client.force_login(operator)
    assert client.get(reverse("surveys:survey", kwargs={"pk": upcoming.pk})).status_code == 200
    client.force_login(User.objects.get(email="gestore@aula.example"))
    small = Survey.objects.get(edition__code="UD4-CT-CITTA")
    html = client.get(reverse("surveys:results", kwargs={"pk": small.pk})).content.decode()
    assert "per tutelare l" in html
