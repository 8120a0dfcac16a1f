from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.utils import timezone


@pytest.mark.django_db
def test_healthz_answers_200_with_json_when_everything_answers(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["redis"] == ("ok" if settings.REDIS_URL else "not configured")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "redis": mock.ANY, "status": "error"}


@pytest.mark.django_db
def test_healthz_answers_503_when_redis_does_not(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "error"


SECURITY_HEADERS = (
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",
)


@pytest.mark.django_db
def test_healthz_carries_the_security_headers_of_every_page(client):
    page = client.get("/mappa-del-sito/")
    health = client.get("/healthz")
    for header in SECURITY_HEADERS:
        assert health[header] == page[header], header


@pytest.mark.django_db
def test_healthz_is_answered_before_sessions_and_accounts(client, django_assert_num_queries):
    """No session, language or messages layer runs for it: one query, no cookie, no Vary."""
    client.cookies["aula_language"] = "en"
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
    assert not response.has_header("Vary")


@pytest.mark.django_db
def test_healthz_counts_the_queued_index_updates_in_its_database_check(
    client, settings, django_assert_num_queries
):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from website.core.searchindex.selectors import INDEX_TASK_PATH

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL):
        DBTaskResult.objects.create(
            task_path=INDEX_TASK_PATH,
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        )
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.json()["search_index"] == "behind: 2 updates queued"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_a_post_to_healthz_goes_through_the_whole_stack(client):
    response = client.post("/healthz")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]  # the language layer ran
