"""Cluster leads reach their editions' registers from their pages; coaches get a page of what
they coach (people, editions, forums, self-assessments) and never anything else."""

from datetime import date

import pytest
from django.urls import reverse

from forums.models import Forum
from quality.models import CoachAssignment
from website.accounts.roles import Role

pytestmark = pytest.mark.django_db

COACHING = "/report/coaching/"


@pytest.fixture
def editions(make_edition, org):
    return {
        "north": make_edition(code="AC1-PA-01", cluster=org["north"]),
        "south": make_edition(code="AC1-SR-01", cluster=org["south"]),
    }


@pytest.fixture
def staff(make_user, org):
    """One person at each centre."""
    return {
        key: make_user(role=Role.OPERATOR, centre=org[key], last_name=f"Persona{key.upper()}")
        for key in ("pa1", "pa2", "sr1", "sr2")
    }


@pytest.fixture
def forums(org, editions):
    """Each cluster has its forum (made with the cluster)."""
    return {
        key: Forum.objects.get(kind=Forum.Kind.CLUSTER, cluster=org[key])
        for key in ("north", "south")
    }


@pytest.fixture
def centre_coach(make_user, org):
    """Coaches the centre pa1 alone (not its cluster)."""
    user = make_user(role=Role.COACH, email="coach.centro@example.org")
    CoachAssignment.objects.create(coach=user, centre=org["pa1"], starts_on=date(2026, 1, 1))
    return user


def _text(response):
    return " ".join(response.content.decode().split())


class TestClusterLead:
    def test_the_cluster_page_links_each_edition_to_its_register(
        self, client, cluster_lead, editions, org
    ):
        client.force_login(cluster_lead)
        page = client.get(reverse("courses:cluster_training", args=[org["north"].code]))
        html = page.content.decode()
        assert reverse("reports:edition_register", args=["AC1-PA-01"]) in html
        assert reverse("reports:edition_register_xlsx", args=["AC1-PA-01"]) in html
        assert "AC1-SR-01" not in html  # another cluster's edition
        register = client.get(reverse("reports:edition_register", args=["AC1-PA-01"]))
        assert register.status_code == 200

    def test_the_dashboard_leads_to_the_cluster_page(self, client, cluster_lead, org):
        client.force_login(cluster_lead)
        html = client.get(reverse("courses:dashboard")).content.decode()
        assert reverse("courses:cluster_training", args=[org["north"].code]) + "#registri" in html
        assert reverse("courses:cluster_training", args=[org["south"].code]) not in html

    def test_another_clusters_page_stays_closed(self, client, cluster_lead, org, editions):
        client.force_login(cluster_lead)
        url = reverse("courses:cluster_training", args=[org["south"].code])
        assert client.get(url).status_code == 404


class TestCoach:
    def test_a_cluster_coach_sees_the_clusters_people_editions_and_forums(
        self, client, coach, staff, editions, forums
    ):
        client.force_login(coach)
        response = client.get(COACHING)
        text, html = _text(response), response.content.decode()
        assert "PersonaPA1" in text and "PersonaPA2" in text
        assert "PersonaSR1" not in text and "PersonaSR2" not in text
        assert "AC1-PA-01" in text and "AC1-SR-01" not in text
        assert forums["north"].get_absolute_url() in html
        assert forums["south"].get_absolute_url() not in html

    def test_a_coach_of_centre_a_never_sees_centre_bs_people(
        self, client, centre_coach, staff, editions
    ):
        client.force_login(centre_coach)
        text = _text(client.get(COACHING))
        assert "PersonaPA1" in text
        # Monreale is in the same cluster but not coached; Siracusa is another cluster.
        assert "PersonaPA2" not in text
        assert "PersonaSR1" not in text
        assert "CPI Monreale" not in text

    def test_a_coach_without_assignments_is_told_so(self, client, make_user):
        client.force_login(make_user(role=Role.COACH))
        assert "Non ti è ancora stato assegnato" in _text(client.get(COACHING))

    @pytest.mark.parametrize("who", ["operator", "cluster_lead", "teacher", "centre_manager"])
    def test_only_coaches_have_the_page(self, client, request, who):
        client.force_login(request.getfixturevalue(who))
        assert client.get(COACHING).status_code == 404

    def test_the_dashboard_links_the_coach_to_the_page(self, client, coach):
        client.force_login(coach)
        assert COACHING in client.get(reverse("courses:dashboard")).content.decode()
