"""Readers rate news, acts and good practices from 1 to 5; bad values, missing tokens and repeats."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from website.accounts.roles import Role
from website.cms.models import ContentRating

from .factories import make_act, make_event, make_news, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return make_news(title="Una notizia da valutare")


def rate(client, page, **data):
    return client.post(f"{page.url}valuta/", data)


def test_a_signed_in_reader_rates_and_a_second_rating_replaces_the_first(client, operator, news):
    client.force_login(operator)
    response = rate(client, news, score="4", comment="Chiara e utile.")
    assert response.status_code == 302 and response["Location"] == f"{news.url}#valuta"
    page = client.get(news.url)
    assert "la tua valutazione è stata registrata" in page.content.decode()
    assert "Hai già dato 4 su 5" in page.content.decode()
    rate(client, news, score="2", comment="")
    rating = ContentRating.objects.get()
    assert (rating.user, rating.score, rating.comment) == (operator, 2, "")
    assert "la tua valutazione è stata aggiornata" in client.get(news.url).content.decode()


def test_anonymous_readers_rate_once_each_through_their_session(news):
    first, second = Client(), Client()
    assert rate(first, news, score="5").status_code == 302
    assert rate(first, news, score="3").status_code == 302
    assert rate(second, news, score="1").status_code == 302
    scores = sorted(ContentRating.objects.values_list("score", flat=True))
    assert scores == [1, 3]
    assert all(len(key) == 64 for key in ContentRating.objects.values_list("reader_key", flat=True))
    token = first.session["aula_reader"]
    assert not ContentRating.objects.filter(reader_key=token).exists()  # only its hash is kept


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "0"}, "Il voto deve essere un numero intero da 1 a 5."),
        ({"score": "6"}, "Il voto deve essere un numero intero da 1 a 5."),
        ({"score": "-1"}, "Il voto deve essere un numero intero da 1 a 5."),
        ({"score": "4.5"}, "Il voto deve essere un numero intero da 1 a 5."),
        ({"score": "molto"}, "Il voto deve essere un numero intero da 1 a 5."),
        ({}, "Scegli un voto da 1 a 5."),
        ({"score": "3", "comment": "x" * 1001}, "1000"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_saved(client, news, data, message):
    response = rate(client, news, **data)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert message in page.select_one(".form-error-summary").get_text()
    assert page.select_one("h1").get_text(strip=True) == news.title
    assert not ContentRating.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(news):
    client = Client(enforce_csrf_checks=True)
    response = rate(client, news, score="5")
    assert response.status_code == 403
    assert not ContentRating.objects.exists()


def test_with_the_token_the_same_post_is_accepted(news):
    client = Client(enforce_csrf_checks=True)
    page = BeautifulSoup(client.get(news.url).content, "html.parser")
    token = page.select_one("#valuta input[name=csrfmiddlewaretoken]")["value"]
    assert rate(client, news, score="5", csrfmiddlewaretoken=token).status_code == 302
    assert ContentRating.objects.get().score == 5


def test_the_rating_page_answers_only_posts(client, news):
    assert client.get(f"{news.url}valuta/").status_code == 405


def test_acts_and_good_practices_are_rated_events_are_not(client):
    act, practice, event = make_act(), make_practice(), make_event()
    assert rate(client, act, score="5").status_code == 302
    assert rate(client, practice, score="4").status_code == 302
    assert rate(client, event, score="4").status_code == 404
    assert ContentRating.objects.count() == 2


def test_a_draft_cannot_be_rated(client, news):
    news.unpublish()
    assert rate(client, news, score="5").status_code == 404
    assert not ContentRating.objects.exists()


def test_too_many_ratings_from_one_address_are_slowed_down(client, news, settings):
    from website.cms import views

    for _ in range(int(views.RATING_RATE.split("/")[0])):
        rate(Client(), news, score="3")
    assert rate(client, news, score="3").status_code == 429


def test_comments_are_shown_escaped_to_editors_with_the_average(client, make_user, news):
    rate(Client(), news, score="5", comment="<script>alert(1)</script> Ottima")
    rate(Client(), news, score="2", comment="Da migliorare")
    editor = make_user(role=Role.EDITOR)
    client.force_login(editor)
    report = client.get(reverse("cms_ratings")).content.decode()
    assert news.title in report and "3,5 / 5" in report
    detail = client.get(reverse("cms_page_ratings", args=[news.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ottima" in detail
    assert "<script>alert(1)" not in detail
    assert "Da migliorare" in detail


def test_readers_without_the_role_cannot_see_the_report(client, operator, news):
    client.force_login(operator)
    assert client.get(reverse("cms_ratings")).status_code in (302, 403)
    assert client.get(reverse("cms_page_ratings", args=[news.pk])).status_code in (302, 403)


def test_training_managers_and_editors_in_chief_see_the_report(client, make_user, news):
    for role in (Role.TRAINING_MANAGER, Role.EDITOR_IN_CHIEF):
        client.force_login(make_user(role=role))
        assert client.get(reverse("cms_ratings")).status_code == 200, role
