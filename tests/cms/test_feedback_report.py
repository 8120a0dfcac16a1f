"""The editors' report of 'Questa pagina ti è stata utile?': counts, share, comments, the 1–5
scores from before shown apart, filters by day and section, CSV and XLSX, and who may read it."""

import io
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from website.accounts.roles import Role
from website.cms import services
from website.cms.models import NewsIndexPage, PageFeedback, PressReviewIndexPage

from .factories import make_news, make_press_review

pytestmark = pytest.mark.django_db

REPORT = "/admin/valutazioni/"


def give(page, useful, comment="", *, reader, days_ago=0):
    feedback, _ = services.feedback_submit(
        page=page, user=AnonymousUser(), reader_token=reader, useful=useful, comment=comment
    )
    if days_ago:
        moment = timezone.now() - timedelta(days=days_ago)
        PageFeedback.objects.filter(pk=feedback.pk).update(updated_at=moment, created_at=moment)


@pytest.fixture
def answered():
    news = make_news(title="Notizia sul patto")
    review = make_press_review(items=1)
    give(review, False, "Mancano <i>le fonti</i>", reader="a")
    give(review, True, reader="b", days_ago=40)
    give(review, False, "Link rotto al secondo articolo", reader="c", days_ago=1)
    give(news, True, "Chiara", reader="a", days_ago=10)
    # A 1–5 score from before the yes/no question, kept as it was given.
    PageFeedback.objects.create(page=news, reader_key="vecchio", score=2, comment="Poco chiara")
    return news, review


def rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    table = page.select("table.listing")[-1]
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]


def test_the_report_shows_each_page_s_yes_no_share_latest_comment_and_old_scores(
    client, editor, answered
):
    news, review = answered
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    by_title = {row[0]: row for row in rows(response)}
    assert by_title[review.title][1:6] == ["1", "2", "33%", "2", "—"]
    assert by_title[review.title][6] == "Mancano le fonti"  # the latest comment, as plain text
    assert by_title[news.title][1:6] == ["1", "0", "100%", "2", "1, media 2,0"]
    text = BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ")
    assert "1 voto, media 2,0 su 5" in " ".join(text.split())


def test_the_report_filters_by_day_and_by_section(client, training_manager, answered):
    news, review = answered
    client.force_login(training_manager)
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    recent = rows(client.get(REPORT, {"dal": since}))
    assert [row[0] for row in recent] == [news.title, review.title]
    assert {row[0]: row[1:3] for row in recent}[review.title] == ["0", "2"]
    section = PressReviewIndexPage.objects.get().pk
    assert [row[0] for row in rows(client.get(REPORT, {"sezione": section}))] == [review.title]
    news_section = NewsIndexPage.objects.get().pk
    until = (timezone.localdate() - timedelta(days=20)).isoformat()
    assert "Nessuna risposta" in client.get(
        REPORT, {"sezione": news_section, "al": until}
    ).content.decode("utf-8")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"dal": "ieri"}, "Inserisci una data valida."),
        (
            {"dal": "2026-05-10", "al": "2026-05-01"},
            "La data finale viene prima di quella iniziale.",
        ),
        ({"sezione": "999999"}, "Scegli un'opzione valida."),
    ],
)
def test_a_wrong_filter_is_named_and_left_out(client, editor, answered, query, message):
    client.force_login(editor)
    response = client.get(REPORT, query)
    assert response.status_code == 200
    assert message in BeautifulSoup(response.content, "html.parser").get_text()
    assert len(rows(response)) == 2  # nothing filtered out by it


def test_a_page_s_answers_and_comments(client, editor, answered):
    news, _review = answered
    client.force_login(editor)
    response = client.get(reverse("cms_page_ratings", args=[news.pk]))
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert "Chiara" in text and "Poco chiara" in text and "Voto 2 su 5" in text
    answers = rows(response)
    assert [row[1:] for row in answers] == [["Voto 2 su 5", "Poco chiara"], ["Sì", "Chiara"]]
    assert client.get(reverse("cms_page_ratings", args=[999999])).status_code == 404


def test_the_report_downloads_as_csv_and_xlsx_with_the_filters(client, editor, answered):
    news, review = answered
    client.force_login(editor)
    csv = client.get(REPORT, {"formato": "csv", "sezione": PressReviewIndexPage.objects.get().pk})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Pagina;Sì;No;Sì (%);Commenti")
    assert len(lines) == 2
    assert lines[1].startswith(f"{review.title};1;2;33,3;2;0;;Mancano le fonti;")
    assert timezone.localtime().strftime("%d/%m/%Y ") in lines[1]
    xlsx = client.get(REPORT, {"formato": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[news.title][1:8] == (1, 0, 100, 2, 1, 2, "Poco chiara")
    assert isinstance(values[news.title][8], datetime)
    assert client.get(REPORT, {"formato": "pdf"}).status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TEACHER, Role.COACH])
def test_strangers_are_refused_the_report(client, make_user, answered, role):
    client.force_login(make_user(role=role))
    for url in (
        REPORT,
        f"{REPORT}?formato=csv",
        reverse("cms_page_ratings", args=[answered[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Poco chiara" not in response.content


def test_anonymous_visitors_go_to_the_login(client, answered):
    response = client.get(f"{REPORT}?formato=csv")
    assert response.status_code == 302 and "login" in response["Location"]
