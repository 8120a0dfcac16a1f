"""Every page type renders what it should: dates, summaries, acts with URN and relations, citations."""

import json
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from website.cms.models import (
    ContentKind,
    DocumentCollectionPage,
    HomePage,
    NewsIndexPage,
    RegulationIndexPage,
    RegulationRelation,
)

from .factories import (
    area,
    make_act,
    make_event,
    make_news,
    make_practice,
    make_press_review,
    paragraph,
    publish,
)

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return " ".join(soup(response).select_one("main").get_text(" ", strip=True).split())


def test_a_fresh_site_has_the_home_page_and_the_sections_of_the_navigation(client):
    home = HomePage.objects.get()
    assert home.get_parent().depth == 1
    sections = {page.slug: page.specific_class.__name__ for page in home.get_children()}
    assert sections == {
        "notizie": "NewsIndexPage",
        "rassegna-stampa": "PressReviewIndexPage",
        "normativa": "RegulationIndexPage",
        "documenti": "DocumentCollectionPage",
        "eventi": "EventIndexPage",
        "buone-pratiche": "GoodPracticeIndexPage",
    }
    for path in [
        "/",
        "/notizie/",
        "/normativa/",
        "/rassegna-stampa/",
        "/documenti/",
        "/eventi/",
        "/buone-pratiche/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Ultimo aggiornamento" in main_text(response), path


def test_a_news_page_shows_its_parts_and_ends_with_the_update_date_and_the_feedback_form():
    kind = ContentKind.objects.create(name="Approfondimento", slug="approfondimento")
    topic = area()
    news = make_news(
        title="Il patto di servizio",
        kind=kind,
        areas=[topic],
        tags=["patto di servizio"],
        body=[
            {"type": "heading", "value": {"text": "Che cosa contiene", "level": "h2"}},
            paragraph("Il patto fissa il percorso."),
            {
                "type": "quote",
                "value": {"text": "Un patto va verificato.", "attribution": "Una responsabile"},
            },
            {
                "type": "callout",
                "value": {"style": "warning", "title": "Attenzione", "text": "<p>Scadenze.</p>"},
            },
            {
                "type": "table",
                "value": {
                    "data": [["Servizio", "Tempo"], ["Accoglienza", "10 minuti"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Tempi medi",
                },
            },
        ],
    )
    response = Page.objects.get(pk=news.pk).specific.serve(rf_get(news.url))
    response.render()
    page = soup(response)
    text = main_text(response)
    assert page.select_one("h1").get_text(strip=True) == "Il patto di servizio"
    assert "Approfondimento" in text and "Il patto fissa il percorso." in text
    assert page.select_one("blockquote").get_text(strip=True) == "Un patto va verificato."
    assert page.select_one(".callout.warning .callout-title").get_text(strip=True) == "Attenzione"
    table = page.select_one(".channel-table table")
    assert table.select_one("caption").get_text(strip=True) == "Tempi medi"
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Servizio", "Tempo"]
    assert page.select_one("a.chip")["href"] == "/notizie/?tag=patto-di-servizio"
    assert page.select_one(".channel-area").get_text(strip=True) == topic.name
    updated = page.select_one(".page-updated time")
    assert updated["datetime"].startswith(timezone.localdate().isoformat())
    assert page.select_one("#pagina-utile form")["action"] == "/pagina-utile/"
    assert page.select_one("#pagina-utile input[name=page]")["value"] == str(news.pk)
    assert "Questa pagina ti è stata utile?" in text


def rf_get(path):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_press_review_ends_with_the_same_feedback_form_and_no_mailto_link(client):
    review = make_press_review(items=2)
    response = client.get(review.url)
    text = main_text(response)
    assert "Questa pagina ti è stata utile?" in text
    assert soup(response).select_one("#pagina-utile form")["action"] == "/pagina-utile/"
    assert "mailto:" not in soup(response).select_one(".page-end").decode()
    assert text.count("Titolo dell'articolo") == 2
    assert client.post(f"{review.url}valuta/", {"score": 5}).status_code == 404


def test_an_act_shows_its_urn_its_articles_their_normattiva_links_and_structured_data(client):
    act = make_act(
        title="Decreto legislativo 150/2015",
        articles=[("18", "Servizi e misure di politica attiva del lavoro"), ("4-bis", "Altro")],
    )
    response = client.get(act.url)
    page = soup(response)
    text = main_text(response)
    assert "urn:nir:stato:decreto.legislativo:2015-09-14;150" in text
    assert "Decreto legislativo 14 settembre 2015, n. 150" in text
    normattiva = page.select_one("main p > a.btn")
    assert "Leggi il testo su Normattiva" in normattiva.get_text()
    assert normattiva["href"] == (
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2015-09-14;150"
    )
    article = page.select_one("#art-18")
    assert "Servizi e misure di politica attiva del lavoro" in article.get_text()
    assert article.find("a")["href"].endswith(";150~art18")
    assert page.select_one("#art-4bis").find("a")["href"].endswith(";150~art4bis")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == data["identifier"] == act.urn
    assert data["legislationLegalForce"] == {"@id": "https://schema.org/InForce"}
    assert data["legislationDate"] == "2015-09-14"
    assert data["hasPart"][0]["legislationIdentifier"] == act.urn + "~art18"


def test_relations_show_in_both_directions_on_both_pages(client):
    delega = make_act(kind="legge", day=date(2014, 12, 10), number="183", title="Legge delega")
    decree = make_act(title="Decreto attuativo")
    amendment = make_act(kind="decreto-legge", day=date(2019, 1, 28), number="4", title="Modifiche")
    RegulationRelation.objects.create(source=decree, kind="implements", target=delega)
    RegulationRelation.objects.create(source=decree, kind="amended-by", target=amendment)

    def relations(act):
        page = soup(client.get(act.url))
        return [
            " ".join(li.get_text(" ", strip=True).split())
            for li in page.select(".act-relations li")
        ]

    assert relations(decree) == [
        "È modificato da Decreto-legge 28 gennaio 2019, n. 4",
        "Attua Legge 10 dicembre 2014, n. 183",
    ]
    assert relations(delega) == ["È attuato da Decreto legislativo 14 settembre 2015, n. 150"]
    assert relations(amendment) == ["Modifica Decreto legislativo 14 settembre 2015, n. 150"]
    data = json.loads(
        soup(client.get(amendment.url)).find("script", type="application/ld+json").string
    )
    assert data["legislationChanges"] == [
        {"@type": "Legislation", "legislationIdentifier": decree.urn}
    ]
    # The same relation stated on both pages is shown once.
    RegulationRelation.objects.create(source=delega, kind="implemented-by", target=decree)
    assert relations(delega) == ["È attuato da Decreto legislativo 14 settembre 2015, n. 150"]
    # An unpublished act disappears from the other act's relations.
    amendment.unpublish()
    assert relations(decree) == ["Attua Legge 10 dicembre 2014, n. 183"]


def test_any_body_cites_an_act_and_one_of_its_articles(client):
    act = make_act(articles=[("18", "Servizi")])
    news = make_news(
        body=[
            {
                "type": "act_citation",
                "value": {"act": act.pk, "article": "Art. 18", "note": "I servizi minimi"},
            }
        ]
    )
    citation = soup(client.get(news.url)).select_one(".act-citation")
    links = citation.find_all("a")
    assert links[0]["href"] == f"{act.url}#art-18"
    assert links[0].get_text(strip=True) == "Art. 18, Decreto legislativo 14 settembre 2015, n. 150"
    assert links[1]["href"].endswith(";150~art18")
    assert "I servizi minimi" in citation.get_text()


def test_an_event_page_shows_when_where_and_the_places_left(client):
    event = make_event(capacity=30, title="Laboratorio CAF")
    text = main_text(client.get(event.url))
    assert "Laboratorio" in text and "Sala riunioni" in text and "Palermo" in text
    assert "Restano 30 posti su 30." in text
    assert "Accedi per iscriverti" in text


def test_a_good_practice_page_shows_its_sections_and_where_it_comes_from(client):
    practice = make_practice(title="Agenda condivisa")
    text = main_text(client.get(practice.url))
    for heading in [
        "Obiettivi",
        "Attività svolte",
        "A chi si è rivolta",
        "Risultati",
        "Come trasferirla",
    ]:
        assert heading in text
    assert "Sicilia" in text


def test_a_document_collection_lists_its_documents_with_type_and_size(client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from website.cms.models import CollectionEntry

    document = get_document_model().objects.create(
        title="Rapporto annuale",
        file=ContentFile(b"%PDF-1.4 rapporto", name="rapporto.pdf"),
        file_size=17,
    )
    collection = DocumentCollectionPage.objects.get(slug="documenti")
    CollectionEntry.objects.create(page=collection, document=document, description="Il rapporto.")
    forms = publish(
        collection, DocumentCollectionPage(title="Modulistica", slug="modulistica", intro="Moduli.")
    )
    text = main_text(client.get(collection.url))
    assert "Rapporto annuale (PDF, 17 bytes) Il rapporto." in text
    assert "Modulistica" in text
    assert client.get(forms.url).status_code == 200


# --- Indexes ------------------------------------------------------------------------------------


def titles(response):
    return [
        a.get_text(strip=True) for a in soup(response).select(".channel-list .channel-card-title a")
    ]


def test_the_news_index_filters_by_area_kind_tag_and_year(client):
    topic, other = area(), area("inclusione", "Inclusione")
    kind = ContentKind.objects.create(name="Intervista", slug="intervista")
    this_year = timezone.localdate().year
    make_news(title="A", areas=[topic], tags=["giovani"], day=date(this_year, 1, 10))
    make_news(title="B", areas=[other], kind=kind, day=date(this_year - 1, 5, 1))
    make_news(
        title="C", areas=[topic, other], tags=["giovani", "tirocini"], day=date(this_year, 2, 1)
    )
    assert titles(client.get("/notizie/")) == ["C", "A", "B"]
    assert titles(client.get("/notizie/?area=politiche-attive")) == ["C", "A"]
    assert titles(client.get("/notizie/?tipo=intervista")) == ["B"]
    assert titles(client.get("/notizie/?tag=tirocini")) == ["C"]
    assert titles(client.get(f"/notizie/?anno={this_year - 1}")) == ["B"]
    assert titles(client.get(f"/notizie/?area=inclusione&anno={this_year}")) == ["C"]


def test_a_bad_filter_value_is_named_and_ignored(client):
    make_news(title="A")
    response = client.get("/notizie/?anno=duemila&area=atlantide")
    assert response.status_code == 200
    assert titles(response) == ["A"]
    summary = soup(response).select_one(".form-error-summary").get_text(" ", strip=True)
    assert "Anno" in summary and "Area tematica" in summary


def test_the_index_paginates(client):
    for number in range(14):
        make_news(title=f"N{number:02d}", day=timezone.localdate() - timedelta(days=number))
    first = titles(client.get("/notizie/"))
    second = titles(client.get("/notizie/?page=2"))
    assert len(first) == 12 and len(second) == 2
    assert first[0] == "N00" and second == ["N12", "N13"]
    assert titles(client.get("/notizie/?page=99")) == second


def test_the_regulation_index_filters_by_type_year_status_and_area_and_sorts_by_date(client):
    topic = area()
    make_act(kind="legge", day=date(1990, 8, 7), number="241", title="L241", areas=[topic])
    make_act(
        kind="decreto-legislativo",
        day=date(2015, 9, 14),
        number="150",
        title="D150",
        status="amended",
    )
    make_act(
        kind="legge",
        day=date(2014, 12, 10),
        number="183",
        title="L183",
        status="repealed",
        areas=[topic],
    )

    def acts(query=""):
        return [
            a.get_text(strip=True)
            for a in soup(client.get("/normativa/" + query)).select(".channel-card-title a")
        ]

    assert acts() == [
        "Decreto legislativo 14 settembre 2015, n. 150",
        "Legge 10 dicembre 2014, n. 183",
        "Legge 7 agosto 1990, n. 241",
    ]
    assert acts("?ordina=meno-recenti")[0] == "Legge 7 agosto 1990, n. 241"
    assert acts("?tipo=legge") == ["Legge 10 dicembre 2014, n. 183", "Legge 7 agosto 1990, n. 241"]
    assert acts("?anno=2015") == ["Decreto legislativo 14 settembre 2015, n. 150"]
    assert acts("?stato=repealed") == ["Legge 10 dicembre 2014, n. 183"]
    assert acts("?area=politiche-attive&stato=in-force") == ["Legge 7 agosto 1990, n. 241"]


def test_the_event_index_splits_upcoming_and_past(client):
    make_event(title="Domani", days_from_now=1)
    make_event(title="Ieri", days_from_now=-1)
    assert titles(client.get("/eventi/?quando=prossimi")) == ["Domani"]
    assert titles(client.get("/eventi/?quando=passati")) == ["Ieri"]


def test_the_good_practice_index_filters_by_region(client):
    make_practice(title="In Sicilia", region="sicilia")
    make_practice(title="In Puglia", region="puglia")
    assert titles(client.get("/buone-pratiche/?regione=puglia")) == ["In Puglia"]


def test_drafts_and_private_pages_are_not_listed_nor_served(client):
    published = make_news(title="Pubblicata")
    draft = make_news(title="Bozza")
    draft.unpublish()
    private = make_news(title="Riservata")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client.get("/notizie/")) == ["Pubblicata"]
    assert client.get(draft.url).status_code == 404
    assert client.get(private.url).status_code == 302
    assert client.get(published.url).status_code == 200


def test_page_types_live_where_they_belong():
    from website.cms.models import EventPage, NewsPage, RegulationPage

    assert NewsPage.parent_page_types == ["cms.NewsIndexPage"]
    assert RegulationPage.allowed_parent_page_models() == [RegulationIndexPage]
    assert NewsIndexPage in HomePage.allowed_subpage_models()
    assert not EventPage.allowed_subpage_models()
