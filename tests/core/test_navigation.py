"""The main menu comes from the page tree and URL names; one breadcrumb include, fed by views."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from tests.breadcrumbs import trail
from tests.cms.factories import make_news, make_press_review
from website.cms.models import HomePage
from website.core.navigation import main_menu

pytestmark = pytest.mark.django_db

SECTIONS = ["Notizie", "Rassegna stampa", "Normativa", "Documenti", "Eventi", "Buone pratiche"]
APP_SECTIONS = ["Corsi", "Forum", "Risorse", "Verifica attestato"]


def menu(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav#main-navigation")
    return [
        (link.get_text(strip=True), link["href"], link.get("aria-current"))
        for link in nav.select("a.nav-link")
    ]


def test_every_section_of_the_channel_is_in_the_menu_then_the_app_sections(client):
    items = menu(client, "/corsi/")
    assert [label for label, _, _ in items] == SECTIONS + APP_SECTIONS
    hrefs = {label: href for label, href, _ in items}
    assert hrefs["Rassegna stampa"] == "/rassegna-stampa/"
    assert hrefs["Documenti"] == "/documenti/"
    assert hrefs["Eventi"] == "/eventi/"
    assert hrefs["Buone pratiche"] == "/buone-pratiche/"
    assert hrefs["Verifica attestato"] == "/attestati/verifica/"


def test_the_menu_follows_the_editors_order_and_choice(client):
    home = HomePage.objects.get()
    events = Page.objects.get(url_path=home.url_path + "eventi/")
    news = Page.objects.get(url_path=home.url_path + "notizie/")
    # An editor moves "Eventi" first in the tree…
    events.move(news, pos="left")
    assert [label for label, _, _ in menu(client)][:2] == ["Eventi", "Notizie"]
    # …and takes "Documenti" out of the menu.
    documents = Page.objects.get(url_path=home.url_path + "documenti/").specific
    documents.show_in_menus = False
    documents.save_revision().publish()
    labels = [label for label, _, _ in menu(client)]
    assert "Documenti" not in labels
    # A section an editor renames is renamed in the menu at once.
    news = news.specific
    news.title = "Novità"
    news.save_revision().publish()
    assert "Novità" in [label for label, _, _ in menu(client)]


def test_the_current_section_is_marked_for_assistive_technology(client):
    news = make_news(title="Una notizia")
    items = {label: current for label, _, current in menu(client, "/notizie/")}
    assert items["Notizie"] == "page"
    assert {label for label, current in items.items() if current} == {"Notizie"}
    items = {label: current for label, _, current in menu(client, news.url)}
    assert items["Notizie"] == "true"
    items = {label: current for label, _, current in menu(client, "/forum/")}
    assert items["Forum"] == "page"


def test_the_menu_costs_no_query_once_built(rf):
    request = rf.get("/corsi/")
    site = Site.find_for_request(request)
    assert site is not None
    main_menu(request)
    with CaptureQueriesContext(connection) as first:
        main_menu(request)
    assert len(first.captured_queries) == 0


def test_the_channel_pages_breadcrumbs_come_from_the_tree(client):
    review = make_press_review()
    assert trail(client.get(review.url)) == [
        ("Home", "/"),
        ("Rassegna stampa", "/rassegna-stampa/"),
        (review.title, None),
    ]
    assert trail(client.get("/rassegna-stampa/")) == [("Home", "/"), ("Rassegna stampa", None)]


def test_the_app_pages_breadcrumbs_come_from_their_views(client, course, django_user_model):
    assert trail(client.get("/corsi/")) == [("Home", "/"), ("Corsi", None)]
    assert trail(client.get(course.get_absolute_url())) == [
        ("Home", "/"),
        ("Corsi", "/corsi/"),
        (f"{course.code} – {course.title}", None),
    ]
    assert trail(client.get("/attestati/verifica/")) == [
        ("Home", "/"),
        ("Verifica attestato", None),
    ]
    assert trail(client.get("/risorse/")) == [("Home", "/"), ("Risorse", None)]


def test_one_breadcrumb_template_and_no_other():
    root = Path(settings.BASE_DIR)
    found = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*breadcrumb*.html")
        if ".venv" not in path.parts and "staticfiles" not in path.parts
    ]
    assert found == ["templates/includes/breadcrumbs.html"]
