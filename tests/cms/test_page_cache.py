"""Whole pages for anonymous readers come from the cache, and never one from before an edit."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from website.analytics.models import PageViewDay
from website.cms.models import HomePage, NewsIndexPage
from website.cms.page_cache import HEADER
from website.core import counters

from .factories import make_news, paragraph

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_an_anonymous_reader_s_second_visit_is_served_from_the_cache(client):
    news = make_news(title="Nuovo avviso ai centri")
    first = client.get(news.url)
    assert first.status_code == 200 and first[HEADER] == "stored"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(news.url)
    assert not queries.captured_queries, [query["sql"] for query in queries.captured_queries]
    assert second.status_code == 200 and second[HEADER] == "hit"
    assert "Nuovo avviso ai centri" in text_of(second)
    assert second["Content-Type"] == first["Content-Type"]


def test_after_an_edit_is_published_the_reader_sees_the_new_text_at_once(client):
    news = make_news(title="Titolo di prima", body=[paragraph("Il testo di prima.")])
    client.get(news.url)
    assert client.get(news.url)[HEADER] == "hit"

    news.title = "Titolo corretto"
    news.body = json.dumps([paragraph("Il testo corretto.")])
    news.save_revision().publish()

    response = client.get(news.url)
    assert "Il testo corretto." in text_of(response)
    assert "Il testo di prima." not in text_of(response)
    # The section's list shows the new title too.
    assert "Titolo corretto" in text_of(client.get(NewsIndexPage.objects.get().url))


def test_an_unpublished_page_is_gone_for_the_reader_at_once(client):
    news = make_news()
    client.get(news.url)
    assert client.get(news.url)[HEADER] == "hit"
    news.unpublish()
    assert client.get(news.url).status_code == 404


def test_a_moved_page_answers_at_its_new_address_and_not_at_the_old_one(client):
    news = make_news(title="Una notizia da spostare")
    old_url = news.url
    client.get(old_url)
    assert client.get(old_url)[HEADER] == "hit"
    events = Page.objects.get(slug="eventi")
    news.move(events, pos="last-child")
    news.refresh_from_db()
    # Wagtail's redirect from the old address, not the old copy.
    old = client.get(old_url)
    assert old.status_code == 301 and old["Location"] == news.url
    assert "Una notizia da spostare" in text_of(client.get(news.url))


def test_a_deleted_page_is_gone_at_once(client):
    news = make_news()
    url = news.url
    client.get(url)
    news.delete()
    assert client.get(url).status_code == 404


def test_each_language_has_its_own_copy(client):
    news = make_news()
    client.get(news.url)
    italian = client.get(news.url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(news.url)
    assert english[HEADER] == "stored"  # not the Italian copy
    assert client.get(news.url)[HEADER] == "hit"
    assert 'lang="en"' in english.text and 'lang="it"' in italian.text
    assert "Menu principale" in italian.text and "Menu principale" not in english.text


def test_a_signed_in_person_never_gets_the_anonymous_copy(client, operator):
    news = make_news()
    client.get(news.url)
    assert client.get(news.url)[HEADER] == "hit"
    client.force_login(operator)
    response = client.get(news.url)
    assert HEADER not in response
    assert operator.first_name in text_of(response)
    # Nor is their page kept for the next anonymous reader.
    anonymous = Client().get(news.url)
    assert anonymous[HEADER] == "hit" and operator.first_name not in text_of(anonymous)


def test_no_two_readers_share_a_csrf_token_and_each_token_works(client):
    news = make_news()
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    page_one = first.get(news.url)
    page_two = second.get(news.url)
    assert page_two[HEADER] == "hit"
    tokens_one, tokens_two = TOKEN.findall(page_one.text), TOKEN.findall(page_two.text)
    assert tokens_one and tokens_two  # the language switcher, the rating form
    assert not set(tokens_one) & set(tokens_two)
    # The cached page gave the second reader a token and the cookie it goes with.
    assert settings.CSRF_COOKIE_NAME in page_two.cookies
    switched = second.post(
        "/lingua/",
        {"language": "en", "next": news.url, "csrfmiddlewaretoken": tokens_two[0]},
    )
    assert switched.status_code == 302
    # Another reader's token is refused with one's own cookie.
    refused = second.post(
        "/lingua/",
        {"language": "en", "next": news.url, "csrfmiddlewaretoken": "x" * 64},
    )
    assert refused.status_code == 403


def test_a_new_course_edition_is_on_the_home_page_at_once(client, make_edition):
    home = HomePage.objects.get()
    client.get(home.url)
    assert client.get(home.url)[HEADER] == "hit"
    edition = make_edition(code="ED-CACHE")
    assert edition.course.title in text_of(client.get(home.url))
    edition.status = edition.Status.CANCELLED
    edition.save()
    assert edition.course.title not in text_of(client.get(home.url))


def test_a_private_page_is_never_cached(client):
    news = make_news(title="Solo per il personale")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(news.url)
        assert response.status_code == 302 and HEADER not in response


def test_a_page_that_becomes_private_is_no_longer_served_from_the_cache(client):
    news = make_news()
    client.get(news.url)
    assert client.get(news.url)[HEADER] == "hit"
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(news.url).status_code == 302


def test_filters_have_their_own_copies_and_tracking_parameters_share_one(client):
    make_news(title="Prima notizia", tags=["alfa"])
    make_news(title="Seconda notizia", tags=["beta"])
    index = NewsIndexPage.objects.get()
    client.get(f"{index.url}?page=1")
    assert client.get(f"{index.url}?utm_source=social&page=1&fbclid=abc")[HEADER] == "hit"
    filtered = client.get(f"{index.url}?tag=beta")
    assert filtered[HEADER] == "stored"
    assert "Seconda notizia" in text_of(filtered) and "Prima notizia" not in text_of(filtered)


def test_a_cached_view_is_still_counted(client):
    news = make_news()
    client.get(news.url, **READER)
    assert client.get(news.url, **READER)[HEADER] == "hit"
    counters.flush()  # views wait in the counters' buffer until the periodic job writes them
    assert PageViewDay.objects.get(page_id=news.pk).views == 2


def test_a_reader_with_a_session_is_served_fresh(client):
    news = make_news()
    client.get(news.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response = client.get(news.url)
    assert response.status_code == 200 and HEADER not in response
