"""What the dashboard keeps in the cache shows a change at once.

"La mia formazione" reads the person's led clusters, managed centres and whether they
teach, the events they registered for, a course's online activities and the
self-assessments waiting for them from the cache (under their generation and the content
generation). Every test here looks at the page first, so that the cache holds the old
answer, then changes the data the way the site does and looks again.
"""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from learning.models import Activity, Section
from quality import services as quality_services
from tests.cms.factories import make_event
from website.accounts.roles import Role
from website.cms.services import event_registration_cancel, event_registration_create

pytestmark = pytest.mark.django_db

URL = "/la-mia-formazione/"


@pytest.fixture(autouse=True)
def _cache_as_in_production(settings):
    settings.USER_CHROME_CACHE_SECONDS = 600


def page(client) -> BeautifulSoup:
    response = client.get(URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def links(client) -> set[str]:
    return {a["href"] for a in page(client).find_all("a", href=True)}


def text(client) -> str:
    return " ".join(page(client).get_text().split())


def test_a_new_centre_manager_sees_their_links_at_once_and_loses_them_at_once(
    client, operator, org
):
    client.force_login(operator)
    assert "Richieste di appartenenza ai centri" not in text(client)
    org["pa2"].managers.add(operator)
    words = text(client)
    assert "Richieste di appartenenza ai centri" in words
    assert "Il personale di CPI Monreale" in words
    org["pa2"].name = "CPI Monreale Alta"
    org["pa2"].save()
    assert "Il personale di CPI Monreale Alta" in text(client)
    operator.managed_centres.remove(org["pa2"])  # from the person's side
    words = text(client)
    assert "Richieste di appartenenza ai centri" not in words
    assert "CPI Monreale" not in words


def test_a_new_cluster_lead_sees_the_cluster_at_once(client, operator, org):
    client.force_login(operator)
    assert "Le edizioni e i registri del cluster Siracusa" not in text(client)
    org["south"].leads.add(operator)
    assert "Le edizioni e i registri del cluster Siracusa" in text(client)
    org["south"].leads.clear()
    assert "Le edizioni e i registri del cluster Siracusa" not in text(client)


def test_a_cluster_deleted_leaves_its_leads_dashboard(client, operator, org):
    from website.accounts.models import Cluster

    empty = Cluster.objects.create(region=org["region"], name="Vuoto", code="prova-vuoto")
    empty.leads.add(operator)
    client.force_login(operator)
    assert "Le edizioni e i registri del cluster Vuoto" in text(client)
    empty.delete()
    assert "Le edizioni e i registri del cluster Vuoto" not in text(client)


def test_a_new_teacher_finds_their_teaching_at_once(client, make_user, edition):
    person = make_user(role=Role.TEACHER)
    client.force_login(person)
    assert "/la-mia-formazione/docenze/" not in links(client)
    edition.teachers.add(person)
    assert "/la-mia-formazione/docenze/" in links(client)
    edition.teachers.clear()
    assert "/la-mia-formazione/docenze/" not in links(client)
    edition.teachers.add(person)
    assert "/la-mia-formazione/docenze/" in links(client)
    edition.delete()
    assert "/la-mia-formazione/docenze/" not in links(client)


def test_an_event_registered_for_shows_at_once_and_goes_when_cancelled(client, operator):
    event = make_event(title="Incontro sulle politiche attive", days_from_now=3)
    client.force_login(operator)
    assert "Incontro sulle politiche attive" not in text(client)
    event_registration_create(event=event, user=operator)
    assert "Incontro sulle politiche attive" in text(client)
    event.title = "Incontro sulle politiche attive del lavoro"
    event.save_revision().publish(skip_permission_checks=True)
    assert "Incontro sulle politiche attive del lavoro" in text(client)
    event_registration_cancel(event=event, user=operator)
    assert "Incontro sulle politiche attive" not in text(client)


def test_a_new_online_activity_shows_at_once(client, operator, edition, place, course):
    place(operator, edition)
    section = Section.objects.create(course=course, title="Prima dell'aula", sort_order=0)
    Activity.objects.create(
        section=section,
        title="Leggi il decreto",
        kind="link",
        url="https://www.normattiva.it/",
        sort_order=1,
    )
    client.force_login(operator)
    assert "Prossima attività: Leggi il decreto" in text(client)
    Activity.objects.create(
        section=section,
        title="Guarda il video",
        kind="link",
        url="https://www.normattiva.it/",
        sort_order=0,
    )
    assert "Prossima attività: Guarda il video" in text(client)
    section.activities.all().delete()
    assert "Formazione online" not in text(client)


def test_a_self_assessment_waits_on_the_dashboard_until_consensus(
    client, make_user, org, training_manager, coach
):
    members = [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(3)]
    client.force_login(members[0])
    assert "Autovalutazioni da compilare" not in text(client)
    assessment = quality_services.assessment_open(
        by=training_manager,
        centre=org["pa1"],
        title="Autovalutazione CAF 2026",
        panel="classical",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 5, 2),
        facilitator=coach,
        members=members,
    )
    assert "Autovalutazione CAF 2026" in text(client)
    assessment.members.remove(members[0])
    assert "Autovalutazione CAF 2026" not in text(client)
    assessment.members.add(members[0])
    assert "Autovalutazione CAF 2026" in text(client)
    assessment.status = assessment.Status.CONSENSUS  # as quality.services.consensus_start
    assessment.save(update_fields=["status"])
    assert "Autovalutazione CAF 2026" not in text(client)
