"""When the database does not answer, every page says so with a 503, not a 500.

Here each query fails as if the server had gone (the cursor raises Django's
OperationalError); tests/deploy/test_database_outage.py stops and restarts the
connection to a real PostgreSQL in front of a running app server.
"""

from unittest import mock

import pytest
from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def _database_down():
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/", "/mappa-del-sito/", "/non-esiste/", "/forum/"])
def test_pages_answer_503_with_a_page_that_needs_no_database(visitor, path):
    with _database_down():
        response = visitor.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Servizio momentaneamente non disponibile" in body
    assert "The platform's database is not answering" in body


def test_healthz_names_the_database(visitor):
    with _database_down():
        response = visitor.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_other_errors_are_still_a_500(visitor):
    with mock.patch.object(CursorWrapper, "execute", side_effect=ValueError("a bug")):
        response = visitor.get("/mappa-del-sito/")

    assert response.status_code == 500
    assert "Si è verificato un errore" in response.content.decode()


def test_the_next_request_after_the_outage_is_served(visitor):
    with _database_down():
        assert visitor.get("/mappa-del-sito/").status_code == 503

    assert visitor.get("/mappa-del-sito/").status_code == 200
