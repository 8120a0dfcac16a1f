"""Online activities and SCORM packages in the year's record."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.package_builder import scorm12_zip
from learning.models import Activity, ActivityCompletion, Section
from packages import services as package_services
from packages.runtime import current_launch
from records.models import Kind
from records.sources import online_lines, scorm_lines

pytestmark = pytest.mark.django_db
ROME = timezone.get_default_timezone()


@pytest.fixture
def section(course):
    return Section.objects.create(course=course, title="Prima dell'aula", sort_order=0)


def activity(section, **fields):
    made = Activity(section=section, sort_order=section.activities.count(), **fields)
    made.full_clean()
    made.save()
    return made


def test_an_online_activity_counts_its_declared_duration_in_its_italian_year(section, operator):
    read = activity(
        section,
        title="Leggi la norma",
        kind="link",
        url="https://www.normattiva.it/",
        duration_minutes=45,
        completion="viewed",
    )
    ActivityCompletion.objects.create(
        user=operator,
        activity=read,
        state="viewed",
        completed_at=datetime(2026, 12, 31, 23, 30, tzinfo=ROME),
    )
    (line,) = online_lines([operator.pk], 2026)
    assert (line.hours, line.kind, line.title) == (Decimal("0.75"), Kind.ONLINE, "Leggi la norma")
    assert line.date.isoformat() == "2026-12-31"
    assert online_lines([operator.pk], 2027) == []


def test_an_activity_to_mark_done_counts_only_once_done(section, operator):
    task = activity(
        section,
        title="Scrivi un caso",
        kind="link",
        url="https://www.normattiva.it/",
        duration_minutes=30,
        completion="done",
    )
    completion = ActivityCompletion.objects.create(user=operator, activity=task, state="viewed")
    assert online_lines([operator.pk], completion.completed_at.year) == []
    completion.state = "done"
    completion.save()
    assert [line.hours for line in online_lines([operator.pk], completion.completed_at.year)] == [
        Decimal("0.50")
    ]


def test_a_package_counts_its_tracked_time_capped_at_the_declared_duration(
    section, course, operator, training_manager
):
    package = package_services.upload_package(
        course=course, uploaded=SimpleUploadedFile("modulo.zip", scorm12_zip()), by=training_manager
    )
    activity(
        section,
        title="Modulo sull'assegno",
        kind="package",
        package=package,
        duration_minutes=20,
        completion="submitted",
    )
    sco = package.current_version.scos.exclude(href="").get()

    def commit(status, session_time):
        package_services.commit(
            package=package,
            sco=sco,
            user=operator,
            number=current_launch(package, operator).attempt_number,
            session="prova",
            values={"cmi.core.lesson_status": status, "cmi.core.session_time": session_time},
            terminate=False,
        )

    year = timezone.localdate().year
    commit("incomplete", "0000:10:00")
    assert scorm_lines([operator.pk], year) == []
    commit("completed", "0001:00:00")
    (line,) = scorm_lines([operator.pk], year)
    assert (line.hours, line.kind) == (Decimal("0.33"), Kind.SCORM)
