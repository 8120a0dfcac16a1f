"""Every absolute address is written on SITE_URL, whatever the request's host or the Site record."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.cms.factories import make_act, make_news
from website.core.links import on_site_origin

pytestmark = pytest.mark.django_db

ORIGIN = "http://127.0.0.1:18801"


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.SITE_URL = ORIGIN


def test_an_acts_structured_data_is_on_the_public_origin(client):
    act = make_act()
    page = BeautifulSoup(client.get(act.url).content, "html.parser")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@id"] == ORIGIN + act.url
    assert data["url"] == ORIGIN + act.url


def test_robots_sitemap_and_feeds_are_on_the_public_origin(client):
    news = make_news()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ORIGIN}{news.url}</loc>" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap
    feed = client.get("/feed/notizie/rss/").content.decode()
    assert f"{ORIGIN}{news.url}" in feed and "testserver" not in feed


def test_the_personal_calendar_address_is_on_the_public_origin(client, operator):
    client.force_login(operator)
    client.post("/la-mia-formazione/calendario/nuovo-indirizzo/")
    page = BeautifulSoup(client.get("/la-mia-formazione/calendario/").content, "html.parser")
    assert f'value="{ORIGIN}/' in str(page) or f'href="{ORIGIN}/' in str(page)
    assert "http://testserver/" not in page.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://testserver:8000/account/confirm-email/k3y/", "/account/confirm-email/k3y/"),
        ("https://altro.example.org/a/?b=1&c=2#d", "/a/?b=1&c=2#d"),
        ("http://127.0.0.1:8000", "/"),
        (ORIGIN + "/gia/qui/", "/gia/qui/"),
    ],
)
def test_an_address_made_on_another_origin_moves_to_the_public_one(url, expected):
    assert on_site_origin(url) == ORIGIN + expected
