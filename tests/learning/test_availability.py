"""Availability is decided on the server: dates relative to the learner's edition, another
activity completed, a share of the classroom hours attended; all of them together."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from learning.availability import closure, closure_for
from learning.models import ActivityCompletion
from learning.selectors import learner_state

pytestmark = pytest.mark.django_db


def test_relative_dates_follow_the_learners_own_edition(online, learner, edition):
    link = online["link"]  # opens the day after the last classroom day
    found = closure_for(learner, link)
    assert found is not None
    assert found.opens_at.date() == edition.ends_on + timedelta(days=1)
    assert "Si apre il" in found.reason
    later = found.opens_at + timedelta(minutes=1)
    assert closure(link, learner_state(learner, link.section.course_id), now=later) is None


def test_an_absolute_closing_date_closes(online, learner):
    video = online["video"]
    video.closes_at = timezone.now() - timedelta(hours=1)
    video.save()
    found = closure_for(learner, video)
    assert "Si è chiusa" in found.reason and found.opens_at is None


def test_prerequisite_and_attendance_combine(online, learner, past_edition, place):
    forum = online["forum"]
    learner.enrolments.all().delete()
    place(learner, past_edition)
    found = closure_for(learner, forum)
    assert "Leggi la lezione" in found.reason
    assert "50" in found.reason and found.opens_at is None
    ActivityCompletion.objects.create(user=learner, activity=online["page"], state="viewed")
    found = closure_for(learner, forum)
    assert "Leggi la lezione" not in found.reason and "frequentato" in found.reason
    first = past_edition.sessions.order_by("date").first()
    AttendanceRecord.objects.create(session=first, user=learner, status="present", hours=5)
    assert learner_state(learner, forum.section.course_id).attendance_share == Decimal("50.00")
    assert closure_for(learner, forum) is None


def test_a_closed_activity_answers_the_not_yet_page_with_the_reason(client, online, learner):
    client.force_login(learner)
    response = client.get(reverse("learning:activity", args=[online["link"].pk]))
    assert response.status_code == 200
    assert "Non ancora disponibile" in response.text
    assert "Si apre il" in response.text
    assert "https://www.normattiva.it/" not in response.text


def test_posting_to_a_closed_activity_changes_nothing(client, online, learner):
    client.force_login(learner)
    url = reverse("learning:completion", args=[online["link"].pk])
    response = client.post(url, {"action": "done"})
    assert response.status_code == 302
    assert not ActivityCompletion.objects.exists()


def test_someone_without_a_place_gets_404(client, online, make_user, org):
    client.force_login(make_user(centre=org["sr1"]))
    assert client.get(reverse("learning:activity", args=[online["page"].pk])).status_code == 404
    response = client.post(
        reverse("learning:completion", args=[online["page"].pk]), {"action": "viewed"}
    )
    assert response.status_code == 404
    assert not ActivityCompletion.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client, online):
    response = client.get(reverse("learning:activity", args=[online["page"].pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_gate_helper_reads_the_activities_that_show_a_target(online, learner, make_user):
    from learning.availability import closure_for_target

    lesson_id = online["page"].lesson_id
    assert closure_for_target(learner, field="lesson", target_id=lesson_id) is None
    page = online["page"]
    page.opens_at = timezone.now() + timedelta(days=3)
    page.save()
    found = closure_for_target(learner, field="lesson", target_id=lesson_id)
    assert found is not None and found.opens_at == page.opens_at
    # Someone without a place is not the gate's business (the quiz app answers 404).
    assert closure_for_target(make_user(), field="lesson", target_id=lesson_id) is None
