"""Editors' forms in the admin: every page type can be added and edited; acts are checked on save."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from website.accounts.roles import Role
from website.cms.models import (
    DocumentCollectionPage,
    EventIndexPage,
    GoodPracticeIndexPage,
    HomePage,
    NewsIndexPage,
    PressReviewIndexPage,
    RegulationIndexPage,
    RegulationPage,
)

from .factories import make_act, make_event, make_news, make_practice, make_press_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("parent_model", "model_name"),
    [
        (NewsIndexPage, "newspage"),
        (PressReviewIndexPage, "pressreviewpage"),
        (RegulationIndexPage, "regulationpage"),
        (DocumentCollectionPage, "documentcollectionpage"),
        (EventIndexPage, "eventpage"),
        (GoodPracticeIndexPage, "goodpracticepage"),
        (HomePage, "standardpage"),
    ],
)
def test_an_editor_opens_the_form_of_every_page_type(client, make_user, parent_model, model_name):
    client.force_login(make_user(role=Role.EDITOR))
    parent = (
        parent_model.objects.get()
        if parent_model is not DocumentCollectionPage
        else parent_model.objects.get(slug="documenti")
    )
    response = client.get(reverse("wagtailadmin_pages:add", args=["cms", model_name, parent.pk]))
    assert response.status_code == 200


def test_every_page_opens_for_editing(client, make_user):
    client.force_login(make_user(role=Role.EDITOR))
    for page in [
        make_news(),
        make_act(),
        make_event(),
        make_practice(),
        make_press_review(),
        HomePage.objects.get(),
    ]:
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_an_act_with_a_wrong_number_is_refused_in_the_admin(client, make_user):
    client.force_login(make_user(superuser=True))
    index = RegulationIndexPage.objects.get()
    data = {
        "title": "Legge con numero sbagliato",
        "slug": "legge-sbagliata",
        "date": "2020-01-01",
        "intro": "Sintesi.",
        "act_kind": "legge",
        "number": "12?",
        "issuer": "",
        "region": "",
        "official_title": "Titolo",
        "status": "in-force",
        "articles-count": "0",
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0",
        "relations-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "regulationpage", index.pk]), data
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Numero non valido" in errors
    assert not RegulationPage.objects.filter(slug="legge-sbagliata").exists()
    data["number"] = "0241"
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "regulationpage", index.pk]), data
    )
    assert response.status_code == 302
    assert (
        RegulationPage.objects.get(slug="legge-sbagliata").urn
        == "urn:nir:stato:legge:2020-01-01;241"
    )


def test_the_reports_are_in_the_reports_menu_for_editors(client, make_user):
    client.force_login(make_user(role=Role.EDITOR))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("cms_ratings") in home and reverse("analytics_visits") in home
    client.force_login(make_user(role=Role.TEACHER))
    assert client.get(reverse("cms_ratings")).status_code in (302, 403)
