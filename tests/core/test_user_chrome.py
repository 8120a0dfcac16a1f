"""A signed-in person's part of the header is cached, and drawn again when it changes."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from website.accounts.roles import Role, role_group
from website.notifications.services import notification_create, notifications_mark_read

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGE = "/corsi/"


@pytest.fixture(autouse=True)
def _chrome_cache_on(settings):
    settings.USER_CHROME_CACHE_SECONDS = 600


def header(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("header")


def unread(client):
    return header(client).select_one("[data-notification-count]").get_text(strip=True)


def test_the_header_costs_no_query_for_the_count_once_cached(client, operator):
    client.force_login(operator)
    with CaptureQueriesContext(connection) as first:
        header(client)
    assert "notifications_notification" in " ".join(q["sql"] for q in first.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        header(client)
    assert "notifications_notification" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_new_or_read_notification_changes_the_count_at_once(client, operator):
    client.force_login(operator)
    assert unread(client) == "0"
    notification_create(recipient=operator, kind="prova", title="Una novità")
    assert unread(client) == "1"
    notifications_mark_read(recipient=operator)
    assert unread(client) == "0"


def test_a_new_name_and_new_rights_show_at_once(client, operator):
    client.force_login(operator)
    assert "Amministrazione" not in header(client).get_text()
    operator.first_name = "Rosalia"
    operator.save()
    assert "Rosalia" in header(client).get_text()
    operator.groups.add(role_group(Role.EDITOR))
    assert "Amministrazione" in header(client).get_text()


def test_each_person_sees_only_their_own_header(client, operator, editor):
    client.force_login(operator)
    header(client)
    other = Client()
    other.force_login(editor)
    text = header(other).get_text()
    assert editor.email in text or editor.first_name in text
    assert operator.first_name not in text


def test_the_logout_form_carries_each_browser_s_own_token(operator):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(operator)
    second.force_login(operator)
    first.get(PAGE)
    page = second.get(PAGE)
    token = TOKEN.findall(page.text)[-1]
    response = second.post("/account/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
