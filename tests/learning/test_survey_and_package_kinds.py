"""Surveys and SCORM packages as activities: completion read from their apps, their gates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.package_builder import scorm12_zip
from learning.models import Section
from learning.selectors import completed_pairs
from packages import services as package_services
from packages.runtime import current_launch
from tests.surveys.factories import answer_as, make_evaluation, make_needs

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(course):
    return Section.objects.create(course=course, title="Dopo l'aula", sort_order=0)


@pytest.fixture
def finished_edition(make_edition):
    return make_edition(starts_in=-8, days=2)


@pytest.fixture
def participant(operator, finished_edition, place):
    place(operator, finished_edition)
    return operator


def test_the_evaluation_activity_follows_the_learners_own_edition(
    make_activity, section, finished_edition, participant, client
):
    activity = make_activity(
        section, kind="evaluation", title="Valuta il corso", completion="submitted"
    )
    survey = make_evaluation(finished_edition)
    assert completed_pairs([activity], [participant.pk]) == set()
    client.force_login(participant)
    page = client.get(reverse("learning:activity", args=[activity.pk])).text
    assert reverse("surveys:survey", kwargs={"pk": survey.pk}) in page
    answer_as(survey, participant)
    assert completed_pairs([activity], [participant.pk]) == {(activity.pk, participant.pk)}


def test_a_survey_activity_is_complete_once_answered(make_activity, section, org, participant):
    survey = make_needs(centres=[org["pa1"]])
    activity = make_activity(section, kind="survey", survey=survey, completion="submitted")
    assert completed_pairs([activity], [participant.pk]) == set()
    answer_as(survey, participant)
    assert completed_pairs([activity], [participant.pk]) == {(activity.pk, participant.pk)}


def test_a_package_activity_needs_the_package_completed(
    make_activity, section, course, participant, training_manager
):
    package = package_services.upload_package(
        course=course, uploaded=SimpleUploadedFile("modulo.zip", scorm12_zip()), by=training_manager
    )
    activity = make_activity(section, kind="package", package=package, completion="submitted")
    sco = package.current_version.scos.exclude(href="").get()

    def commit(status):
        package_services.commit(
            package=package,
            sco=sco,
            user=participant,
            number=current_launch(package, participant).attempt_number,
            session="prova",
            values={"cmi.core.lesson_status": status},
            terminate=False,
        )

    commit("incomplete")
    assert completed_pairs([activity], [participant.pk]) == set()
    commit("completed")
    assert completed_pairs([activity], [participant.pk]) == {(activity.pk, participant.pk)}


def test_a_package_stays_closed_while_its_activity_is(
    make_activity, section, course, participant, training_manager, client
):
    package = package_services.upload_package(
        course=course, uploaded=SimpleUploadedFile("modulo.zip", scorm12_zip()), by=training_manager
    )
    make_activity(
        section,
        kind="package",
        package=package,
        completion="submitted",
        opens_relative_to="last_day",
        opens_offset_days=30,
    )
    client.force_login(participant)
    page = client.get(reverse("packages:package", kwargs={"pk": package.pk}))
    assert page.status_code == 200
    assert "non è ancora disponibile" in page.text
