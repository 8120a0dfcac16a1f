"""The cluster lead's cluster page (with its editions and registers) and the coach's page stay
within the page ceiling, with as many queries for five more editions and people as for none."""

from datetime import date

import pytest

from quality.models import CoachAssignment
from tests.perf.helpers import PAGE_CEILING, assert_same_queries
from website.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_cluster_page_with_its_registers(client, cluster_lead, org, make_edition, make_user):
    make_edition(cluster=org["north"])

    def grow():
        for _ in range(5):
            make_edition(cluster=org["north"])
            make_user(role=Role.OPERATOR, centre=org["pa2"])

    client.force_login(cluster_lead)
    url = f"/la-mia-formazione/personale/cluster/{org['north'].code}/"
    assert_same_queries(client, url, grow, at_most=PAGE_CEILING)


@pytest.mark.parametrize("by", ["cluster", "centre"])
def test_the_coachs_page(client, make_user, org, make_edition, by):
    coach = make_user(role=Role.COACH)
    if by == "cluster":
        org["north"].coaches.add(coach)
    else:
        CoachAssignment.objects.create(coach=coach, centre=org["pa1"], starts_on=date(2026, 1, 1))
    make_edition(cluster=org["north"])
    make_user(role=Role.OPERATOR, centre=org["pa1"])

    def grow():
        for _ in range(5):
            make_edition(cluster=org["north"])
            make_user(role=Role.OPERATOR, centre=org["pa1"])
            make_user(role=Role.OPERATOR, centre=org["pa2"])

    client.force_login(coach)
    assert_same_queries(client, "/report/coaching/", grow, at_most=PAGE_CEILING)
