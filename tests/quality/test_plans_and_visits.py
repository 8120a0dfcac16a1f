"""Improvement plans, reminders, good practices and coaching visits: rules and who sees them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quality import selectors, services
from quality.models import Action, CoachingVisit, HistoryEntry, ProgressUpdate
from website.accounts.roles import Role
from website.cms.models import GoodPracticePage
from website.core.exceptions import Refused
from website.core.models import AppendOnlyError


@pytest.fixture
def plan(closed_assessment, coach):
    return services.plan_create(assessment=closed_assessment, by=coach, title="Piano 2026")


@pytest.fixture
def action(plan, coach, members, subs):
    today = timezone.localdate()
    return services.action_save(
        plan=plan,
        by=coach,
        title="Accoglienza su appuntamento",
        goal="Ridurre le attese allo sportello",
        owner=members[0],
        starts_on=today - timedelta(days=60),
        due_on=today + timedelta(days=30),
        impact=4,
        feasibility=3,
        subcriteria=[subs[0], subs[20]],
    )


def test_a_plan_needs_a_closed_assessment(assessment, coach):
    with pytest.raises(Refused):
        services.plan_create(assessment=assessment, by=coach, title="Piano")


def test_action_rules(plan, coach, members, subs):
    today = timezone.localdate()
    common = {
        "plan": plan,
        "by": coach,
        "title": "A",
        "goal": "G",
        "owner": members[0],
        "subcriteria": [subs[0]],
    }
    with pytest.raises(Refused):
        services.action_save(
            **common, starts_on=today, due_on=today - timedelta(days=1), impact=3, feasibility=3
        )
    with pytest.raises(Refused):
        services.action_save(**common, starts_on=today, due_on=today, impact=6, feasibility=3)
    with pytest.raises(Refused):
        services.action_save(
            **common, starts_on=today, due_on=today, impact=3, feasibility=3, status="dropped"
        )
    assert not Action.objects.exists()


def test_the_priority_is_impact_times_feasibility(action):
    assert action.priority == 12


def test_an_operator_of_the_centre_reads_but_does_not_edit_the_plan(
    client, plan, action, operator, members
):
    client.force_login(operator)
    assert client.get(reverse("quality:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("quality:action_add", args=[plan.pk])).status_code == 404
    with pytest.raises(Refused):
        services.action_update(action=action, by=operator, text="x", status="done")


def test_another_centres_people_get_404(client, plan, action, make_user, org, coach):
    manager = make_user(role=Role.CENTRE_MANAGER, centre=org["sr1"])
    org["sr1"].managers.add(manager)
    visit = services.visit_record(
        coach=coach, centre=org["pa1"], date=date(2026, 4, 1), hours="3", topics="Accoglienza"
    )
    client.force_login(manager)
    for url in (
        reverse("quality:plan", args=[plan.pk]),
        reverse("quality:plan_xlsx", args=[plan.pk]),
        reverse("quality:action_progress", args=[action.pk]),
        reverse("quality:visit", args=[visit.pk]),
        reverse("quality:report", args=[plan.assessment_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("quality:visit_confirm", args=[visit.pk])).status_code == 404


def test_progress_updates_keep_a_timeline(action, coach, centre_manager):
    indicator = services.indicator_add(
        action=action, by=coach, name="Attesa media (minuti)", unit="min", baseline=45, target=15
    )
    services.action_update(
        action=action,
        by=centre_manager,
        text="Avviata l'agenda",
        status="in_progress",
        values={indicator.pk: "30"},
    )
    with pytest.raises(Refused):
        services.action_update(action=action, by=centre_manager, text="Stop", status="dropped")
    update = ProgressUpdate.objects.get()
    assert update.author == centre_manager and update.values == {str(indicator.pk): "30.00"}
    indicator.refresh_from_db()
    assert indicator.current == Decimal("30") and indicator.progress == Decimal("0.5")
    with pytest.raises(AppendOnlyError):
        update.delete()


def test_indicators_off_track_and_overdue_actions_are_watched(action, coach, centre_manager):
    services.indicator_add(action=action, by=coach, name="Patti", unit="", baseline=0, target=100)
    watched = selectors.watched_actions(centre_manager)
    # Two thirds of the time gone and no progress at all: off track.
    assert [a.pk for a in watched] == [action.pk] and watched[0].off_track_indicators


def test_overdue_reminders_go_once(
    action, members, centre_manager, django_capture_on_commit_callbacks
):
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders_send() == 2  # the owner and the centre's manager
        assert services.overdue_reminders_send() == 0
    assert len(mail.outbox) == 2


def test_a_done_action_becomes_a_draft_good_practice(action, coach, centre_manager):
    with pytest.raises(Refused):
        services.action_propose_good_practice(action=action, by=coach)
    services.action_update(action=action, by=coach, text="Fatto", status="done")
    page = services.action_propose_good_practice(action=action, by=coach)
    page = GoodPracticePage.objects.get(pk=page.pk)
    assert not page.live and page.has_unpublished_changes
    assert page.centre_id == action.plan.assessment.centre_id
    assert page.latest_revision is not None
    with pytest.raises(Refused):
        services.action_propose_good_practice(action=action, by=coach)


def test_visits_are_recorded_by_the_coach_and_confirmed_by_the_manager(
    client, coach, centre_manager, operator, org, action
):
    visit = services.visit_record(
        coach=coach,
        centre=org["pa1"],
        date=date(2026, 4, 1),
        hours="3,5",
        topics="Agenda degli appuntamenti",
        participants=[operator],
        actions=[action],
    )
    with pytest.raises(Refused):
        services.visit_confirm(visit=visit, by=operator)
    with pytest.raises(Refused):
        services.visit_record(
            coach=coach, centre=org["sr1"], date=date(2026, 4, 1), hours=2, topics="x"
        )
    with pytest.raises(Refused):
        services.visit_record(
            coach=coach, centre=org["pa1"], date=date(2026, 4, 1), hours=20, topics="x"
        )
    client.force_login(centre_manager)
    client.post(reverse("quality:visit_confirm", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.confirmed_by == centre_manager
    with pytest.raises(Refused):
        services.visit_record(
            coach=coach, centre=org["pa1"], date=date(2026, 4, 2), hours=2, topics="y", visit=visit
        )
    assert CoachingVisit.objects.get().hours == Decimal("3.5")
    assert HistoryEntry.objects.filter(visit=visit).count() == 2


def test_the_coach_calendar(client, coach, org):
    from courses.services import calendar_feed_for

    services.visit_record(
        coach=coach, centre=org["pa1"], date=date(2026, 4, 1), hours=2, topics="Accoglienza"
    )
    feed = calendar_feed_for(user=coach)
    body = client.get(reverse("quality:coach_calendar", args=[feed.token])).content.decode()
    assert "BEGIN:VEVENT" in body and "CPI Palermo Centro" in body


def test_benchlearning_scopes(
    client, closed_assessment, training_manager, cluster_lead, make_user, org
):
    client.force_login(training_manager)
    rows = client.get(reverse("quality:benchlearning")).context["rows"]
    assert len(rows) == 4
    pa1 = next(r for r in rows if r.centre == org["pa1"])
    assert pa1.scores[1] == 50 and pa1.overall == 50
    client.force_login(cluster_lead)
    rows = client.get(reverse("quality:benchlearning")).context["rows"]
    assert {r.centre.pk for r in rows} == {org["pa1"].pk, org["pa2"].pk}
    staff = make_user(role=Role.OPERATOR, centre=org["sr2"])
    client.force_login(staff)
    rows = client.get(reverse("quality:benchlearning")).context["rows"]
    assert [r.centre.pk for r in rows] == [org["sr2"].pk] and rows[0].scores == {}
