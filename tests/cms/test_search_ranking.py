"""Search ranks its matches once (not with a query per match), a title match first,
and finds a page as soon as it is published, with no task worker running."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Site

from website.cms.selectors import SearchFilters, search_pages

from .factories import make_news, paragraph

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def titles(client, query):
    page = BeautifulSoup(client.get("/cerca/" + query).content, "html.parser")
    return [a.get_text(strip=True) for a in page.select(".search-results .channel-card-title a")]


def test_a_title_match_comes_before_a_body_match(client):
    make_news(title="Rendiconto annuale", body=[paragraph("Il tirocinio estivo in sintesi.")])
    make_news(title="Tirocinio estivo: le regole", body=[paragraph("Le regole del programma.")])
    make_news(title="Altro argomento", body=[paragraph("Nessuna parola cercata.")])
    assert titles(client, "?q=tirocinio") == ["Tirocinio estivo: le regole", "Rendiconto annuale"]


def test_pages_hold_every_match_once_in_the_order_of_the_ranking(client):
    for number in range(14):
        words = " ".join(["colloquio"] * (number % 4 + 1))
        make_news(
            title=f"Pagina {number}" + (" colloquio" if number % 3 == 0 else ""),
            body=[paragraph(f"Testo {number}: {words} di orientamento.")],
        )
    root = Site.objects.get(is_default_site=True).root_page
    results = search_pages(root, SearchFilters(query="colloquio"))
    ranked = list(results[:20])
    assert results.count() == len(ranked) == 14
    # The five pages with the word in their title come first.
    assert all("colloquio" in page.title for page in ranked[:5])
    assert not any("colloquio" in page.title for page in ranked[5:])
    first, second = titles(client, "?q=colloquio"), titles(client, "?q=colloquio&page=2")
    assert len(first) == 10 and len(second) == 4
    assert first + second == [page.title for page in ranked]
    assert list(results[3:7]) == ranked[3:7]


def test_a_search_is_ranked_once_until_the_index_changes(client):
    for number in range(30):
        make_news(title=f"Bando {number}", body=[paragraph("Bando per la formazione.")])

    def full_text_queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        # The pages' ranking only: the site search also asks the library (its own ranking).
        return [
            q
            for q in captured.captured_queries
            if (" MATCH " in q["sql"] or "@@" in q["sql"]) and "resources_" not in q["sql"]
        ]

    ContentType.objects.clear_cache()  # as in a new process: its first search ranks once too
    first = full_text_queries("/cerca/?q=bando")
    again = full_text_queries("/cerca/?q=bando&page=2")
    make_news(title="Bando nuovo", body=[paragraph("Appena pubblicato.")])
    after_publishing = full_text_queries("/cerca/?q=bando")
    # On SQLite and on PostgreSQL alike (website/cms/search_backend).
    assert (len(first), len(again), len(after_publishing)) == (1, 0, 1)
    root = Site.objects.get(is_default_site=True).root_page
    found = [page.title for page in search_pages(root, SearchFilters(query="bando"))[:40]]
    assert len(found) == 31 and "Bando nuovo" in found


def test_an_edited_page_is_found_by_its_new_words_and_not_its_old_ones(client):
    page = make_news(title="Avviso", body=[paragraph("Sportello per i tirocini estivi.")])
    make_news(title="Altro avviso", body=[paragraph("I tirocini estivi in sintesi.")])
    assert sorted(titles(client, "?q=tirocini")) == ["Altro avviso", "Avviso"]
    assert titles(client, "?q=apprendistato") == []
    page.body = json.dumps([paragraph("Sportello per l'apprendistato.")])
    page.save_revision().publish()
    # Both rankings were cached before the edit: neither is read after it.
    assert titles(client, "?q=tirocini") == ["Altro avviso"]
    assert titles(client, "?q=apprendistato") == ["Avviso"]


def test_a_page_published_with_no_worker_running_is_found_at_once(client, settings):
    settings.TASKS = DATABASE_TASKS  # queued tasks would wait for `db_worker`
    make_news(title="Sportello per le imprese", body=[paragraph("Apre lo sportello.")])
    assert titles(client, "?q=sportello") == ["Sportello per le imprese"]
    assert client.get("/healthz").json()["search_index"] == "current"


def test_healthz_says_when_index_updates_wait_for_the_worker(client, settings):
    settings.TASKS = DATABASE_TASKS
    page = make_news(title="Avviso")
    insert_or_update_object_task.enqueue("cms", "newspage", str(page.pk))
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["search_index"] == "behind: 1 updates queued"


def test_a_failed_index_update_is_queued_instead_of_lost(settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult
    from modelsearch import index

    settings.TASKS = DATABASE_TASKS

    def broken(instance):
        raise RuntimeError("the index is unavailable")

    monkeypatch.setattr(index, "insert_or_update_object", broken)
    page = make_news(title="Da indicizzare")
    queued = DBTaskResult.objects.filter(
        task_path="modelsearch.tasks.insert_or_update_object_task"
    ).values_list("args_kwargs", flat=True)
    assert any(str(page.pk) in str(row) for row in queued)
