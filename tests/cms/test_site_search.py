"""One search box: pages, then courses, resources and forum posts the reader may see."""

import pytest
from bs4 import BeautifulSoup

from courses.models import Course, Edition, Enrolment, Programme
from forums import services as forum_services
from resources.models import Resource
from tests.cms.factories import make_news
from tests.forums import conftest as forum_fixtures
from website.accounts.roles import Role

pytestmark = pytest.mark.django_db

north_forum = forum_fixtures.north_forum
outsider = forum_fixtures.outsider

WORD = "ricollocazione"


def sections(response) -> dict[str, list[tuple[str, str]]]:
    """Each section's heading → its results as (badge, title)."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for section in soup.select("section.search-section"):
        heading = section.find("h2").get_text(strip=True)
        found[heading] = [
            (
                item.select_one(".channel-type").get_text(strip=True),
                item.find("h3").get_text(strip=True),
            )
            for item in section.select("li")
        ]
    return found


def page_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        title.get_text(strip=True) for title in soup.select("ul.search-results:not(section ul) h3")
    ]


@pytest.fixture
def programme(org):
    return Programme.objects.create(
        title="Piano di prova",
        slug="piano-prova",
        region=org["region"],
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )


@pytest.fixture
def course(programme):
    return Course.objects.create(
        programme=programme,
        code="UD3",
        title="Il contratto di ricollocazione",
        slug="ud3-prova",
        description="<p>Come funziona l'assegno di ricollocazione.</p>",
    )


@pytest.fixture
def north_topic(north_forum, operator):
    return forum_services.topic_create(
        forum=north_forum,
        author=operator,
        title="Ricollocazione: dubbi",
        source="Chi segue la ricollocazione nel vostro centro?",
    )


def resource(title, audience, course=None):
    return Resource.objects.create(
        title=title,
        slug=title.lower().replace(" ", "-"),
        description=f"Guida pratica alla {WORD}.",
        format=Resource.Format.LINK,
        url="https://www.example.org/guida",
        kind=Resource.Kind.GUIDELINE,
        audience=audience,
        course=course,
    )


@pytest.fixture
def everything(course, north_topic):
    make_news(title="Notizia sulla ricollocazione", intro="Le novità sulla ricollocazione.")
    resource("Guida per tutti", Resource.Audience.PUBLIC)
    resource("Guida per gli iscritti", Resource.Audience.ENROLLED, course)
    return course


def test_one_box_reaches_every_kind_labelled(client, operator, everything):
    client.force_login(operator)
    response = client.get("/cerca/", {"q": WORD})
    assert page_titles(response) == ["Notizia sulla ricollocazione"]
    found = sections(response)
    assert list(found) == ["Corsi", "Risorse didattiche", "Messaggi dei forum"]
    assert found["Corsi"] == [("Corso", "UD3 · Il contratto di ricollocazione")]
    assert found["Risorse didattiche"] == [("Risorsa", "Guida per tutti")]
    assert found["Messaggi dei forum"] == [("Messaggio", "Ricollocazione: dubbi")]
    html = response.content.decode()
    assert "<mark>ricollocazione</mark>" in html
    assert f'href="/forum/cerca/?q={WORD}"' in html
    assert f'href="/risorse/?q={WORD}"' in html
    assert f'href="/corsi/?q={WORD}"' in html


def test_a_cluster_forum_post_is_never_shown_to_a_stranger(client, outsider, everything):
    client.force_login(outsider)
    found = sections(client.get("/cerca/", {"q": WORD}))
    assert "Messaggi dei forum" not in found
    assert "Ricollocazione: dubbi" not in str(found)


def test_visitors_see_public_things_only(client, everything):
    found = sections(client.get("/cerca/", {"q": WORD}))
    assert list(found) == ["Corsi", "Risorse didattiche"]
    assert found["Risorse didattiche"] == [("Risorsa", "Guida per tutti")]


def test_a_resource_for_enrolled_learners_reaches_them_only(
    client, operator, make_user, org, everything
):
    edition = Edition.objects.create(
        course=everything,
        code="UD3-PA-01",
        cluster=org["north"],
        starts_on="2026-03-02",
        ends_on="2026-03-04",
    )
    learner = make_user(role=Role.OPERATOR, centre=org["pa1"], email="iscritto@example.org")
    Enrolment.objects.create(user=learner, edition=edition, status=Enrolment.Status.APPROVED)
    client.force_login(learner)
    found = sections(client.get("/cerca/", {"q": WORD}))
    assert sorted(title for _badge, title in found["Risorse didattiche"]) == [
        "Guida per gli iscritti",
        "Guida per tutti",
    ]
    client.force_login(operator)
    found = sections(client.get("/cerca/", {"q": WORD}))
    assert found["Risorse didattiche"] == [("Risorsa", "Guida per tutti")]


def test_courses_of_unpublished_plans_reach_training_managers_only(
    client, operator, training_manager, programme, everything
):
    programme.is_published = False
    programme.save()
    client.force_login(operator)
    assert "Corsi" not in sections(client.get("/cerca/", {"q": WORD}))
    client.force_login(training_manager)
    assert "Corsi" in sections(client.get("/cerca/", {"q": WORD}))


def test_sections_only_beside_the_first_page_and_without_page_filters(client, operator, everything):
    for number in range(10):
        make_news(title=f"Ricollocazione, puntata {number}")
    client.force_login(operator)
    assert sections(client.get("/cerca/", {"q": WORD})) != {}
    assert sections(client.get("/cerca/", {"q": WORD, "page": "2"})) == {}
    assert sections(client.get("/cerca/", {"q": WORD, "tipo": "notizie"})) == {}


@pytest.mark.parametrize("query", ['"', "AND (", "*", 'ricollocazione" OR (', "-"])
def test_hostile_queries_never_break_the_page(client, operator, everything, query):
    client.force_login(operator)
    response = client.get("/cerca/", {"q": query})
    assert response.status_code == 200
