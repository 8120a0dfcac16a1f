"""Visitor counts without cookies or personal data: views, daily and monthly unique visitors, the report."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from tests.cms.factories import make_news
from tests.writes import no_database_writes
from website.accounts.roles import Role
from website.analytics import selectors
from website.analytics.models import PageViewDay, Period, Sighting, VisitorSalt, VisitStats
from website.analytics.services import visits_close_periods, visits_prepare_salts
from website.core import counters

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/142.0 Safari/537.36"


def visit(page, *, agent=FIREFOX, address="203.0.113.7", client=None):
    client = client or Client()
    response = client.get(page.url, HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def views_of(page, day=None):
    counters.flush()
    row = PageViewDay.objects.filter(page=page, day=day or timezone.localdate()).first()
    return row.views if row else 0


def visitors_of(page, day=None):
    counters.flush()
    return Sighting.objects.filter(page=page, day=day or timezone.localdate()).count()


def test_views_and_unique_visitors_of_a_page():
    news = make_news()
    visit(news)
    visit(news)
    visit(news, agent=CHROME)
    visit(news, address="198.51.100.20")
    assert views_of(news) == 4
    assert visitors_of(news) == 3


def test_counting_keeps_no_address_no_browser_and_sets_no_cookie():
    news = make_news()
    response = visit(news)
    assert "sessionid" not in response.cookies
    counters.flush()
    sighting = Sighting.objects.get()
    stored = " ".join([sighting.day_digest, sighting.month_digest])
    assert "203.0.113.7" not in stored and "Firefox" not in stored
    assert len(sighting.day_digest) == 32 and sighting.day_digest != sighting.month_digest
    assert set(VisitorSalt.objects.values_list("period", flat=True)) == {Period.DAY, Period.MONTH}


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 HeadlessChrome/142.0",
    ],
)
def test_bots_and_scripts_are_not_counted(agent):
    news = make_news()
    visit(news, agent=agent)
    assert views_of(news) == 0 and not Sighting.objects.exists()


def test_prefetches_failed_pages_and_page_actions_are_not_counted(client):
    news = make_news()
    client.get(news.url, HTTP_USER_AGENT=FIREFOX, HTTP_SEC_PURPOSE="prefetch")
    client.get("/notizie/pagina-che-non-esiste/", HTTP_USER_AGENT=FIREFOX)
    client.post("/pagina-utile/", {"page": news.pk, "useful": "si"}, HTTP_USER_AGENT=FIREFOX)
    client.get("/pagina-utile/", HTTP_USER_AGENT=FIREFOX)
    counters.flush()
    assert not PageViewDay.objects.exists()


def test_the_same_person_is_one_visitor_a_day_and_one_a_month_but_hashes_change_every_day():
    news = make_news()
    first_day = date(2026, 3, 10)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 10, 10))):
        visit(news)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 11, 10))):
        visit(news)
        visit(news, agent=CHROME)
    counters.flush()
    digests = list(Sighting.objects.order_by("day").values_list("day_digest", flat=True))
    assert len(set(digests[:2])) == 2  # the same person, two days: two unrelated day hashes
    with time_machine.travel(timezone.make_aware(datetime(2026, 4, 2, 1))):
        assert visits_close_periods() == 3  # two days and the month
    daily = {row.starts_on: row for row in VisitStats.objects.filter(period=Period.DAY, page=None)}
    assert (daily[first_day].views, daily[first_day].visitors) == (1, 1)
    assert (
        daily[first_day + timedelta(days=1)].views,
        daily[first_day + timedelta(days=1)].visitors,
    ) == (2, 2)
    month = VisitStats.objects.get(period=Period.MONTH, starts_on=date(2026, 3, 1), page=news)
    assert (month.views, month.visitors) == (3, 2)
    site = VisitStats.objects.get(period=Period.MONTH, starts_on=date(2026, 3, 1), page=None)
    assert (site.views, site.visitors) == (3, 2)
    # Once counted, the hashes and the keys that made them are gone.
    assert not Sighting.objects.exists() and not PageViewDay.objects.exists()
    assert not VisitorSalt.objects.filter(starts_on__lt=date(2026, 4, 1)).exists()


def test_site_wide_visitors_count_a_person_once_across_pages():
    one, two = make_news(), make_news()
    visit(one)
    visit(two)
    visit(two, agent=CHROME)
    counters.flush()
    report = selectors.visit_report(timezone.localdate().replace(day=1), months=1)
    [current] = report.months
    assert (current.views, current.visitors) == (3, 2)
    today = report.days[0]
    assert (today.starts_on, today.views, today.visitors) == (timezone.localdate(), 3, 2)
    top = selectors.top_pages(timezone.localdate().replace(day=1))
    assert [(row.page_id, row.visitors, row.views) for row in top] == [
        (two.pk, 2, 2),
        (one.pk, 1, 1),
    ]


def test_closing_twice_changes_nothing():
    news = make_news()
    with time_machine.travel(timezone.make_aware(datetime(2026, 5, 20, 12))):
        visit(news)
    with time_machine.travel(timezone.make_aware(datetime(2026, 6, 3, 12))):
        visits_close_periods()
        before = list(
            VisitStats.objects.values_list("period", "starts_on", "page_id", "views", "visitors")
        )
        assert visits_close_periods() == 0
        after = list(
            VisitStats.objects.values_list("period", "starts_on", "page_id", "views", "visitors")
        )
    assert before == after


def test_the_report_shows_months_and_top_pages_to_editors(client, make_user):
    news = make_news(title="La notizia più letta")
    visit(news)
    VisitStats.objects.create(
        period=Period.MONTH, starts_on=date(2026, 1, 1), page=None, views=24800, visitors=8012
    )
    VisitStats.objects.create(
        period=Period.MONTH, starts_on=date(2026, 1, 1), page=news, views=900, visitors=650
    )
    client.force_login(make_user(role=Role.EDITOR))
    with time_machine.travel(timezone.make_aware(datetime(2026, 2, 15, 12)), tick=False):
        report = client.get(reverse("analytics_visits")).content.decode()
        assert "gennaio 2026" in report and "8.012" in report and "24.800" in report
        january = client.get(reverse("analytics_visits") + "?mese=2026-01").content.decode()
        assert "La notizia più letta" in january and "650" in january
        assert client.get(reverse("analytics_visits") + "?mese=tredici").status_code == 200
        page_report = client.get(reverse("analytics_page_visits", args=[news.pk]) + "?mese=2026-01")
        assert page_report.status_code == 200 and "650" in page_report.content.decode()


def test_people_without_the_role_cannot_see_the_report(client, operator):
    client.force_login(operator)
    assert client.get(reverse("analytics_visits")).status_code in (302, 403)
    assert client.get(
        reverse("analytics_page_visits", args=[Page.objects.first().pk])
    ).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("analytics_visits")).status_code == 302


def test_the_periodic_job_is_registered():
    from website.core.periodic import registered_jobs

    assert "website.analytics.periodic.close_visit_periods" in registered_jobs()


def test_a_page_view_writes_nothing_until_the_flush_counts_it():
    news = make_news()
    visits_prepare_salts()  # the hourly job makes the day's keys ahead
    visit(news, agent="Googlebot/2.1")  # not counted; makes the site's settings row once
    with no_database_writes():
        visit(news)
        visit(news)
        visit(news, agent=CHROME)
    assert not PageViewDay.objects.exists() and not Sighting.objects.exists()
    assert counters.flush() == 1
    assert views_of(news) == 3 and visitors_of(news) == 2
    visit(news)
    assert views_of(news) == 4 and visitors_of(news) == 2


def test_closing_a_day_first_writes_the_views_still_buffered():
    news = make_news()
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 10, 23, 50)), tick=False):
        visit(news)
        visit(news, agent=CHROME)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 11, 1)), tick=False):
        assert visits_close_periods() == 1
    row = VisitStats.objects.get(period=Period.DAY, starts_on=date(2026, 3, 10), page=news)
    assert (row.views, row.visitors) == (2, 2)


def test_a_day_is_closed_only_a_few_minutes_after_midnight():
    """A view begun at 23:59:59 reaches the buffer after midnight; its day waits for it."""
    news = make_news()
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 10, 23, 59, 59)), tick=False):
        visit(news)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 11, 0, 1)), tick=False):
        assert visits_close_periods() == 0
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 11, 0, 6)), tick=False):
        assert visits_close_periods() == 1


def test_the_report_says_when_the_counts_were_last_written(client, make_user):
    client.force_login(make_user(role=Role.EDITOR))
    report = client.get(reverse("analytics_visits")).content.decode()
    assert "Le visite più recenti compaiono entro un minuto." in report
    with time_machine.travel(timezone.make_aware(datetime(2026, 2, 15, 12, 34)), tick=False):
        counters.flush()
        report = client.get(reverse("analytics_visits")).content.decode()
    text = " ".join(report.split())
    assert "Conteggi aggiornati al 15 febbraio 2026, 12:34" in text
