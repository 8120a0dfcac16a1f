"""Search over every page type with filters; RSS and Atom feeds; sitemap.xml and robots.txt."""

from datetime import date

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.search.backends import get_search_backend

from website.cms.models import StandardPage

from .factories import (
    area,
    make_act,
    make_event,
    make_news,
    make_practice,
    make_press_review,
    paragraph,
)

pytestmark = pytest.mark.django_db


def results(client, query):
    page = BeautifulSoup(client.get("/cerca/" + query).content, "html.parser")
    return [a.get_text(strip=True) for a in page.select(".search-results .channel-card-title a")]


def test_the_search_backend_is_the_databases_own_full_text_search():
    # Wagtail's backend for the database, ranking each query once (website.cms.search_backend).
    backend = type(get_search_backend()).__name__
    if connection.vendor == "postgresql":
        assert backend == "RankOncePostgresSearchBackend"
    else:
        assert backend == "RankOnceSQLiteSearchBackend"


def test_search_finds_every_page_type_by_the_words_in_it(client):
    make_news(title="Notizia", body=[paragraph("Il colloquio di orientamento specialistico.")])
    make_act(title="Decreto", intro="Regole sull'orientamento specialistico.")
    make_event(title="Evento", intro="Un seminario sull'orientamento specialistico.")
    make_practice(title="Pratica", intro="Orientamento specialistico in gruppo.")
    make_press_review()
    found = results(client, "?q=orientamento+specialistico")
    assert sorted(found) == ["Decreto", "Evento", "Notizia", "Pratica"]
    assert results(client, "?q=Giornale+dei+Servizi")[0].startswith("Rassegna di prova")
    assert "Informativa" not in " ".join(found)


def test_search_filters_by_type_area_and_date(client):
    topic = area()
    make_news(title="Vecchia", intro="Tirocini estivi.", day=date(2020, 6, 1), areas=[topic])
    make_news(title="Nuova", intro="Tirocini estivi.", day=date(2026, 6, 1))
    make_act(title="Atto", intro="Tirocini estivi.", areas=[topic])
    assert sorted(results(client, "?q=tirocini&tipo=notizie")) == ["Nuova", "Vecchia"]
    assert sorted(results(client, "?q=tirocini&area=politiche-attive")) == ["Atto", "Vecchia"]
    assert results(client, "?q=tirocini&tipo=notizie&dal=2025-01-01") == ["Nuova"]
    assert results(client, "?q=tirocini&tipo=notizie&al=2021-01-01") == ["Vecchia"]
    assert sorted(results(client, "?tipo=notizie")) == ["Nuova", "Vecchia"]


def test_institutional_pages_are_found_too(client):
    from website.cms.models import HomePage

    from .factories import publish

    publish(
        HomePage.objects.get(),
        StandardPage(
            title="Dichiarazione di accessibilità", slug="accessibilita", intro="Conformità WCAG."
        ),
    )
    assert results(client, "?q=accessibilità") == ["Dichiarazione di accessibilità"]
    assert results(client, "?q=accessibilità&tipo=pagine") == ["Dichiarazione di accessibilità"]


def test_drafts_are_not_found(client):
    news = make_news(title="Bozza", intro="Parola rarissima zafferano.")
    assert results(client, "?q=zafferano") == ["Bozza"]
    news.unpublish()
    assert results(client, "?q=zafferano") == []


@pytest.mark.parametrize(
    "query", ['?q="', "?q=%22patto", "?q=AND+OR+NOT", "?q=*", "?q=(", "?q=" + "a" * 250]
)
def test_odd_words_do_not_break_search(client, query):
    make_news(title="Patto", intro="Il patto di servizio.")
    assert client.get("/cerca/" + query).status_code == 200


def test_bad_filters_are_named_and_ignored(client):
    make_news(title="Patto", intro="Il patto di servizio.")
    response = client.get("/cerca/?q=patto&dal=ieri&al=2020-01-01&tipo=zebre")
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".form-error-summary").get_text(" ", strip=True)
    assert "Dal" in summary and "Tipo di pagina" in summary
    assert results(client, "?q=patto&dal=ieri&tipo=zebre") == ["Patto"]
    reversed_dates = BeautifulSoup(
        client.get("/cerca/?q=patto&dal=2026-01-01&al=2025-01-01").content, "html.parser"
    )
    assert "La data finale precede quella iniziale." in reversed_dates.get_text()


def test_an_empty_search_asks_for_words(client):
    page = BeautifulSoup(client.get("/cerca/").content, "html.parser")
    assert "Scrivi una o più parole" in page.get_text()


# --- Feeds --------------------------------------------------------------------------------------


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.mark.parametrize(("kind", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_the_news_feed_is_valid_and_lists_the_latest_news(client, kind, version):
    topic = area()
    make_news(title="Prima notizia", areas=[topic])
    make_news(title="Seconda & ultima <notizia>", areas=[topic])
    response, feed = parse(client, f"/feed/notizie/{kind}/")
    assert feed.version == version
    assert response["Content-Type"].startswith(
        "application/rss+xml" if kind == "rss" else "application/atom+xml"
    )
    assert [entry.title for entry in feed.entries] == [
        "Seconda & ultima <notizia>",
        "Prima notizia",
    ]
    entry = feed.entries[0]
    assert entry.link.startswith("http://testserver/notizie/")
    assert entry.summary.startswith("Il sommario della notizia")
    assert [tag.term for tag in entry.tags] == [topic.name]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_regulation_feed_cites_each_act(client, kind):
    make_act(title="Il decreto 150")
    _response, feed = parse(client, f"/feed/normativa/{kind}/")
    assert feed.entries[0].title == "Il decreto 150"
    assert "Decreto legislativo 14 settembre 2015, n. 150" in feed.entries[0].summary


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_area_feed_holds_every_type_of_page_in_the_area(client, kind):
    topic, other = area(), area("inclusione", "Inclusione")
    make_news(title="Notizia nell'area", areas=[topic])
    make_act(title="Atto nell'area", areas=[topic])
    make_news(title="Fuori area", areas=[other])
    _response, feed = parse(client, f"/feed/aree/politiche-attive/{kind}/")
    assert sorted(entry.title for entry in feed.entries) == ["Atto nell'area", "Notizia nell'area"]
    assert feed.feed.title == "Aula · Politiche attive del lavoro"


def test_an_unknown_area_has_no_feed(client):
    assert client.get("/feed/aree/atlantide/rss/").status_code == 404


def test_pages_announce_their_feeds_in_the_head(client):
    news = make_news(areas=[area()])
    head = BeautifulSoup(client.get(news.url).content, "html.parser").head
    feeds = {link["href"]: link["type"] for link in head.select("link[rel=alternate]")}
    assert feeds == {
        "/feed/notizie/rss/": "application/rss+xml",
        "/feed/notizie/atom/": "application/atom+xml",
        "/feed/normativa/rss/": "application/rss+xml",
        "/feed/normativa/atom/": "application/atom+xml",
        "/feed/aree/politiche-attive/rss/": "application/rss+xml",
    }
    home_head = BeautifulSoup(client.get("/").content, "html.parser").head
    assert len(home_head.select("link[rel=alternate]")) == 4


def test_the_sitemap_lists_live_pages_and_robots_txt_points_to_it(client):
    news = make_news(title="In mappa")
    draft = make_news(title="Non in mappa")
    draft.unpublish()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{news.url}</loc>" in sitemap
    assert "<loc>http://testserver/normativa/</loc>" in sitemap
    assert draft.url not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()
