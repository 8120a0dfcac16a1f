"""The shared layout, the navigation, the footer and the language switcher."""

import pytest
from bs4 import BeautifulSoup

MAIN_SECTIONS = [
    "/notizie/",
    "/normativa/",
    "/corsi/",
    "/forum/",
    "/risorse/",
    "/attestati/verifica/",
]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_has_landmarks_skip_links_navigation_and_footer(client, demo_db):
    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "it"
    skip = [a["href"] for a in page.select(".skiplinks a")]
    assert skip[0] == "#main-content"
    assert page.select_one("main#main-content")
    assert page.select_one("header") and page.select_one("footer#footer")
    nav = page.select_one("nav#main-navigation")
    assert [a.get_text(strip=True) for a in nav.select("a.nav-link")] == [
        "Notizie",
        "Rassegna stampa",
        "Normativa",
        "Documenti",
        "Eventi",
        "Buone pratiche",
        "Corsi",
        "Forum",
        "Risorse",
        "Verifica attestato",
    ]
    footer = page.select_one("footer")
    assert footer.select_one('a[data-element="accessibility-link"]')
    assert footer.select_one('a[data-element="privacy-policy-link"]')
    assert "CC BY 4.0" in footer.get_text()
    assert "Regione Siciliana" in footer.get_text()


def test_no_third_party_requests_in_the_page(client, demo_db):
    page = soup(client.get("/"))
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in page.find_all(tag):
            url = element.get(attr)
            if url:
                assert url.startswith("/"), f"{tag} loads {url} from another site"


@pytest.mark.parametrize(
    "path",
    [
        *MAIN_SECTIONS,
        "/privacy/",
        "/note-legali/",
        "/accessibilita/",
        "/contatti/",
        "/mappa-del-sito/",
    ],
)
def test_every_navigation_and_footer_link_answers(client, demo_db, path):
    response = client.get(path)
    assert response.status_code == 200, path


def test_footer_links_resolve_on_every_page(client, demo_db):
    page = soup(client.get("/"))
    for link in page.select("footer a[href^='/']"):
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_switching_to_english_and_back_without_javascript(client, demo_db):
    response = client.post("/lingua/", {"language": "en", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    page = soup(client.get("/privacy/"))
    assert page.html["lang"] == "en"
    assert "Skip to main content" in page.select_one(".skiplinks").get_text()
    client.post("/lingua/", {"language": "it", "next": "/"})
    assert soup(client.get("/")).html["lang"] == "it"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client, demo_db):
    response = client.post("/lingua/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "aula_language" not in response.cookies
    assert client.get("/lingua/").status_code == 405


def test_browser_language_header_does_not_override_italian(client, demo_db):
    page = soup(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert page.html["lang"] == "it"


def test_a_logged_in_persons_language_follows_them(client, demo_db, operator):
    operator.language = "en"
    operator.save()
    client.force_login(operator)
    assert soup(client.get("/")).html["lang"] == "en"


def test_switching_language_when_logged_in_saves_it_on_the_account(client, demo_db, operator):
    client.force_login(operator)
    client.post("/lingua/", {"language": "en", "next": "/"})
    operator.refresh_from_db()
    assert operator.language == "en"


def test_dates_and_numbers_follow_the_language(client, demo_db):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{{ when|date:'DATE_FORMAT' }} {{ number }}")
    import datetime
    from decimal import Decimal

    context = Context({"when": datetime.date(2026, 11, 23), "number": Decimal("1234.5")})
    with translation.override("it"):
        assert template.render(context) == "23 novembre 2026 1.234,5"
    with translation.override("en"):
        assert template.render(context) == "23 November 2026 1,234.5"
    # Italian writes the day without a leading zero.
    early = Context({"when": datetime.date(2026, 3, 6), "number": 5})
    with translation.override("it"):
        assert template.render(early) == "6 marzo 2026 5"


def test_unknown_page_is_a_friendly_404(client, demo_db):
    response = client.get("/non-esiste/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def test_sitemap_page_lists_the_institutional_pages(client, demo_db):
    text = soup(client.get("/mappa-del-sito/")).get_text()
    for title in (
        "Informativa sul trattamento dei dati personali",
        "Note legali",
        "Dichiarazione di accessibilità",
    ):
        assert title in text
