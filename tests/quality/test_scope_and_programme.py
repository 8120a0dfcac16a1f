"""Opening a self-assessment for a centre or a whole cluster, and what a plan's report counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quality import selectors, services
from quality.models import Action, Assessment, CoachAssignment, Panel
from website.accounts.roles import Role

from .conftest import agree_all, fill

OPEN_URL = reverse("quality:assessment_open")


def _form(scope, members, facilitator, **extra):
    return {
        "scope": scope,
        "title": "Autovalutazione del cluster",
        "panel": Panel.CLASSICAL,
        "starts_on": "2026-03-02",
        "ends_on": "2026-05-02",
        "facilitator": facilitator.pk,
        "members": [m.pk for m in members],
        **extra,
    }


@pytest.fixture
def cluster_staff(make_user, org):
    """One operator in each centre of the northern cluster."""
    return [make_user(role=Role.OPERATOR, centre=org[code]) for code in ("pa1", "pa2")]


def test_a_training_manager_opens_one_for_a_whole_cluster(
    client, training_manager, coach, org, cluster_staff, programme
):
    client.force_login(training_manager)
    page = client.get(OPEN_URL).content.decode()
    assert f'value="cluster:{org["north"].pk}"' in page
    assert "Tutto il cluster Palermo Città" in page

    response = client.post(
        OPEN_URL,
        _form(f"cluster:{org['north'].pk}", cluster_staff, coach, programme=programme.pk),
    )

    assessment = Assessment.objects.get()
    assert response.url == reverse("quality:assessment", args=[assessment.pk])
    assert assessment.centre is None and assessment.cluster == org["north"]
    assert assessment.programme == programme
    assert set(assessment.members.all()) == set(cluster_staff)
    assert assessment.scope_name == "Palermo Città"


def test_staff_of_another_cluster_are_refused_and_nothing_is_opened(
    client, training_manager, coach, org, cluster_staff, make_user
):
    stranger = make_user(role=Role.OPERATOR, centre=org["sr1"])
    client.force_login(training_manager)

    response = client.post(OPEN_URL, _form(f"cluster:{org['north'].pk}", [stranger], coach))

    assert response.status_code == 200
    assert "non ne fa parte" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "scope",
    ["", "cluster:999999", "centre:abc", "planet:1", "cluster"],
    ids=["missing", "unknown", "not-a-number", "unknown-kind", "no-id"],
)
def test_a_malformed_scope_is_refused_with_a_message(
    client, training_manager, coach, cluster_staff, scope
):
    client.force_login(training_manager)

    response = client.post(OPEN_URL, _form(scope, cluster_staff, coach))

    assert response.status_code == 200
    assert 'id="id_scope"' in response.content.decode()
    assert response.context["form"].errors["scope"]
    assert not Assessment.objects.exists()


def test_a_coach_of_one_centre_may_not_open_one_for_its_whole_cluster(
    client, make_user, org, cluster_staff, training_manager
):
    coach = make_user(role=Role.COACH)
    CoachAssignment.objects.create(coach=coach, centre=org["pa1"], starts_on=date(2026, 1, 1))
    client.force_login(coach)

    page = client.get(OPEN_URL).content.decode()
    assert f'value="centre:{org["pa1"].pk}"' in page
    assert f'value="cluster:{org["north"].pk}"' not in page

    response = client.post(OPEN_URL, _form(f"cluster:{org['north'].pk}", cluster_staff, coach))
    assert response.context["form"].errors["scope"]
    assert not Assessment.objects.exists()
    # The service says the same to any other caller.
    assert not services.permissions.can_open_assessment(coach, cluster=org["north"])
    assert services.permissions.can_open_assessment(coach, centre=org["pa1"])


def test_a_cluster_coach_may(coach, org):
    assert services.permissions.can_open_assessment(coach, cluster=org["north"])
    assert not services.permissions.can_open_assessment(coach, cluster=org["south"])


@pytest.fixture
def counted(closed_assessment, programme, coach, members, subs, centre_manager, org):
    """The closed assessment counted by the plan, with a plan of three actions and a visit."""
    Assessment.objects.filter(pk=closed_assessment.pk).update(programme=programme)
    plan = services.plan_create(assessment=closed_assessment, by=coach, title="Piano 2026")
    today = timezone.localdate()
    for title, status in (("A", "done"), ("B", "in_progress"), ("C", "dropped")):
        services.action_save(
            plan=plan,
            by=coach,
            title=title,
            goal="Obiettivo",
            owner=members[0],
            starts_on=today - timedelta(days=10),
            due_on=today + timedelta(days=10),
            impact=3,
            feasibility=3,
            subcriteria=[subs[0]],
            status=status,
            dropped_reason="Non più necessaria" if status == "dropped" else "",
        )
    visit = services.visit_record(
        coach=coach, centre=org["pa1"], date=today, hours="3.5", topics="Agenda condivisa"
    )
    services.visit_confirm(visit=visit, by=centre_manager)
    services.visit_record(  # not confirmed: not counted
        coach=coach, centre=org["pa1"], date=today, hours="2", topics="Seguito"
    )
    return closed_assessment


def test_the_plan_counts_its_workshops_plans_and_coaching(counted, programme, members):
    summary = selectors.programme_quality(programme)

    assert summary.workshops == 1 and summary.closed_workshops == 1
    assert summary.participants == len(members)
    assert summary.with_plan == 1
    assert (summary.actions, summary.actions_done, summary.completion) == (2, 1, 50)
    assert summary.coaching_hours == Decimal("3.5")
    assert Action.objects.count() == 3


def test_a_workshop_of_no_plan_or_another_plan_is_not_counted(
    counted, programme, open_assessment, org, make_user
):
    other = type(programme).objects.create(
        title="Altro piano", slug="altro", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    group = [make_user(role=Role.OPERATOR, centre=org["sr1"])]
    elsewhere = open_assessment(centre=org["sr1"], group=group)
    Assessment.objects.filter(pk=elsewhere.pk).update(programme=other)
    open_assessment(centre=org["pa2"], group=[make_user(role=Role.OPERATOR, centre=org["pa2"])])

    assert selectors.programme_quality(programme).workshops == 1
    assert selectors.programme_quality(other).workshops == 1
    assert selectors.programme_quality(other).coaching_hours == 0


def test_the_report_panel_shows_the_counts_in_fixed_queries(
    client, counted, programme, training_manager, open_assessment, org, make_user, subs, coach
):
    client.force_login(training_manager)
    report = reverse("reports:programme", args=[programme.slug])
    page = client.get(report).content.decode()
    assert "Laboratori di autovalutazione" in page
    assert "1 su 2 (50%)" in page

    with CaptureQueriesContext(connection) as before:
        selectors.programme_quality(programme)
    for code in ("pa2", "sr1", "sr2"):
        group = [make_user(role=Role.OPERATOR, centre=org[code]) for _ in range(3)]
        more = open_assessment(centre=org[code], group=group)
        Assessment.objects.filter(pk=more.pk).update(programme=programme)
        for member in group:
            fill(more, member, subs, lambda sub: 60)
        services.consensus_start(assessment=more, by=coach)
        agree_all(more, coach, subs, lambda sub: 60)
    with CaptureQueriesContext(connection) as after:
        summary = selectors.programme_quality(programme)
    assert summary.workshops == 4
    assert len(after) == len(before) == 3


def test_no_panel_for_a_plan_without_workshops(client, programme, training_manager):
    client.force_login(training_manager)
    page = client.get(reverse("reports:programme", args=[programme.slug])).content.decode()
    assert "Laboratori di autovalutazione" not in page
