"""'Questa pagina ti è stata utile?': one form on every page, answers kept one per reader, and
everything a wrong, missing or hostile answer gets (a clear message, nothing saved)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import PageViewRestriction

from website.cms.models import (
    EventIndexPage,
    HomePage,
    NewsIndexPage,
    PageFeedback,
    PressReviewIndexPage,
    RegulationIndexPage,
)
from website.cms.page_cache import HEADER

from .factories import make_act, make_event, make_news, make_practice, make_press_review

pytestmark = pytest.mark.django_db

URL = "/pagina-utile/"


@pytest.fixture
def review():
    return make_press_review(items=1)


def answer(client, page, **data):
    return client.post(URL, {"page": str(page.pk), **data})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_signed_in_reader_answers_and_a_second_answer_replaces_the_first(client, operator):
    news = make_news(title="Una notizia")
    client.force_login(operator)
    response = answer(client, news, useful="si", comment="Chiara e utile.")
    assert response.status_code == 302
    assert response["Location"] == f"{news.url}?risposta=1#pagina-utile"
    thanks = soup(client.get(response["Location"]))
    assert "la tua risposta è stata registrata" in thanks.select_one("#pagina-utile").get_text()
    assert thanks.select_one("#pagina-utile form") is None
    answer(client, news, useful="no", comment="")
    feedback = PageFeedback.objects.get()
    assert (feedback.user, feedback.useful, feedback.comment) == (operator, False, "")


def test_anonymous_readers_answer_once_each_through_their_session(review):
    first, second = Client(), Client()
    assert answer(first, review, useful="si").status_code == 302
    assert answer(first, review, useful="no", comment="Mancano le fonti").status_code == 302
    assert answer(second, review, useful="si").status_code == 302
    rows = PageFeedback.objects.order_by("pk")
    assert [(row.useful, row.comment) for row in rows] == [(False, "Mancano le fonti"), (True, "")]
    assert all(row.user is None and len(row.reader_key) == 64 for row in rows)
    token = first.session["aula_reader"]
    assert not PageFeedback.objects.filter(reader_key=token).exists()  # only its hash is kept


def test_a_new_answer_replaces_a_1_to_5_score_given_before(client, operator):
    news = make_news()
    PageFeedback.objects.create(page=news, user=operator, score=2, comment="Vecchio")
    client.force_login(operator)
    answer(client, news, useful="si")
    feedback = PageFeedback.objects.get()
    assert (feedback.useful, feedback.score, feedback.comment) == (True, None, "")


def test_every_kind_of_page_ends_with_the_same_form_naming_its_page(client):
    make_news()
    pages = [
        HomePage.objects.get(),
        NewsIndexPage.objects.get(),
        PressReviewIndexPage.objects.get(),
        RegulationIndexPage.objects.get(),
        EventIndexPage.objects.get(),
        make_press_review(),
        make_event(),
        make_act(),
        make_practice(),
    ]
    for page in pages:
        form = soup(client.get(page.url)).select_one("#pagina-utile form")
        assert form is not None, page.url
        assert form["action"] == URL and form["method"] == "post"
        assert form.select_one("input[name=page]")["value"] == str(page.pk)
        labels = [label.get_text(strip=True) for label in form.select("fieldset label")]
        assert labels == ["Sì", "No"], page.url
        assert form.select_one("textarea[name=comment]")["maxlength"] == "1000"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Rispondi sì o no."),
        ({"useful": "forse"}, "La risposta può essere solo sì o no."),
        ({"useful": "1"}, "La risposta può essere solo sì o no."),
        ({"useful": "si", "comment": "x" * 1001}, "al massimo 1000 caratteri (ne ha 1001)"),
    ],
)
def test_a_wrong_answer_is_explained_on_its_page_and_nothing_is_saved(
    client, review, data, message
):
    response = answer(client, review, **data)
    assert response.status_code == 400
    page = soup(response)
    assert message in page.select_one("#pagina-utile .form-error-summary").get_text()
    assert page.select_one("h1").get_text(strip=True) == review.title
    assert not PageFeedback.objects.exists()
    assert "aula_reader" not in client.session


@pytest.mark.parametrize("page_id", ["", "abc", "999999", "-1", "1"])  # 1: Wagtail's root
def test_an_answer_about_no_page_is_refused_with_a_message(client, page_id):
    response = client.post(URL, {"page": page_id, "useful": "si"})
    assert response.status_code == 400
    assert "non esiste o non è pubblicata" in soup(response).select_one("main").get_text()
    assert not PageFeedback.objects.exists()


def test_an_answer_about_a_draft_or_a_private_page_is_refused(client, review):
    news = make_news()
    news.unpublish()
    assert answer(client, news, useful="si").status_code == 400
    PageViewRestriction.objects.create(page=review, restriction_type=PageViewRestriction.LOGIN)
    assert answer(client, review, useful="si").status_code == 400
    assert not PageFeedback.objects.exists()


def test_the_address_answers_only_posts(client):
    response = client.get(URL)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "riceve solo le risposte" in soup(response).select_one("main").get_text()


def test_a_comment_is_kept_as_plain_text(client, review):
    comment = "<b>Manca</b> il link <script>alert(1)</script>alla\u202e circolare\r\nGrazie"
    answer(client, review, useful="no", comment=comment)
    assert PageFeedback.objects.get().comment == "Manca il link alert(1)alla circolare\nGrazie"


def test_a_filled_trap_field_is_thanked_and_dropped(client, review):
    response = answer(client, review, useful="si", website="https://spam.example")
    assert response.status_code == 302
    assert not PageFeedback.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(review):
    client = Client(enforce_csrf_checks=True)
    assert answer(client, review, useful="si").status_code == 403
    assert not PageFeedback.objects.exists()


def test_the_cached_page_gives_every_reader_a_working_token_and_no_session(settings, review):
    settings.PAGE_CACHE_SECONDS = 600
    Client().get(review.url)  # stored
    client = Client(enforce_csrf_checks=True)
    page = client.get(review.url)
    assert page[HEADER] == "hit"
    assert settings.SESSION_COOKIE_NAME not in page.cookies  # reading writes nothing
    form = soup(page).select_one("#pagina-utile form")
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = answer(client, review, useful="si", csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert PageFeedback.objects.get().useful is True
    # The thank-you page is the same for everyone who comes back: the cache may keep it.
    thanks = Client().get(response["Location"].split("#")[0])
    assert thanks[HEADER] == "stored"
    assert "la tua risposta è stata registrata" in thanks.content.decode()


def test_too_many_answers_from_one_address_are_slowed_down(client, review):
    from website.cms import views

    for _ in range(int(views.FEEDBACK_RATE.split("/")[0])):
        answer(Client(), review, useful="si")
    assert answer(client, review, useful="no").status_code == 429
    assert PageFeedback.objects.filter(useful=False).count() == 0
