"""The assessment form (28 sub-criteria), the consensus and benchlearning views make the same
few queries whatever the number of members, answers and centres."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality import services
from quality.models import Panel
from tests.perf.helpers import assert_same_queries
from tests.quality import conftest as quality_fixtures
from tests.quality.conftest import agree_all, fill
from website.accounts.models import EmploymentCentre
from website.accounts.roles import Role

MAX_QUERIES = 10

# The quality tests' fixtures, used here as they are.
subs = quality_fixtures.subs
members = quality_fixtures.members
open_assessment = quality_fixtures.open_assessment
assessment = quality_fixtures.assessment


def _page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_assessment_form(client, assessment, members, subs):
    client.force_login(members[0])
    url = reverse("quality:individual", args=[assessment.pk])
    fill(assessment, members[0], subs[:3], lambda sub: 40)

    def grow():
        fill(assessment, members[0], subs, lambda sub: 60)

    count, _response = assert_same_queries(client, url, grow)
    assert count <= MAX_QUERIES


def test_the_consensus_view(client, assessment, members, coach, subs, make_user, org):
    fill(assessment, members[0], subs, lambda sub: 40)
    services.consensus_start(assessment=assessment, by=coach)
    client.force_login(coach)
    url = reverse("quality:consensus", args=[assessment.pk])
    small = _page_queries(client, url)

    # A bigger group, every member with every answer, and agreed scores.
    more = [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(5)]
    assessment.members.add(*more)
    from quality.models import Assessment, IndividualEntry

    Assessment.objects.filter(pk=assessment.pk).update(status="individual")
    for index, member in enumerate([*members, *more]):
        fill(assessment, member, subs, lambda sub, i=index: 10 * i)
    Assessment.objects.filter(pk=assessment.pk).update(status="consensus")
    assessment.refresh_from_db()
    agree_all(assessment, coach, subs[:10], lambda sub: 55)
    assert IndividualEntry.objects.count() == 8 * 28
    big = _page_queries(client, url)
    assert small == big <= MAX_QUERIES
    sub_url = reverse("quality:consensus_subcriterion", args=[assessment.pk, subs[0].pk])
    assert _page_queries(client, sub_url) <= MAX_QUERIES


def test_the_benchlearning_view(client, training_manager, coach, make_user, org, subs):
    client.force_login(training_manager)
    url = reverse("quality:benchlearning")

    def close_one(centre, starts_on):
        people = [make_user(role=Role.OPERATOR, centre=centre) for _ in range(2)]
        opened = services.assessment_open(
            by=training_manager,
            centre=centre,
            title=f"CAF {centre.code}",
            panel=Panel.CLASSICAL,
            starts_on=starts_on,
            ends_on=starts_on,
            facilitator=coach,
            members=people,
        )
        fill(opened, people[0], subs, lambda sub: 45)
        services.consensus_start(assessment=opened, by=training_manager)
        agree_all(opened, training_manager, subs, lambda sub: 45)
        services.assessment_close(assessment=opened, by=training_manager)
        plan = services.plan_create(assessment=opened, by=training_manager, title="Piano")
        services.action_save(
            plan=plan,
            by=training_manager,
            title="Azione",
            goal="Obiettivo",
            owner=people[0],
            starts_on=starts_on,
            due_on=starts_on,
            impact=2,
            feasibility=2,
            subcriteria=[subs[0]],
        )

    close_one(org["pa1"], date(2026, 1, 10))

    def grow():
        for index, centre in enumerate(
            [org["pa2"], org["sr1"]]
            + [
                EmploymentCentre.objects.create(
                    cluster=org["south"], name=f"CPI {n}", code=f"CPI-Q-{n}", town="Noto"
                )
                for n in range(3)
            ]
        ):
            close_one(centre, date(2026, 2, 1 + index))
        close_one(org["pa1"], date(2026, 6, 1))

    count, response = assert_same_queries(client, url, grow)
    assert count <= MAX_QUERIES
    assert len(response.context["rows"]) == 7
