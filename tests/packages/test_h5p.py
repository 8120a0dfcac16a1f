"""H5P activities: the player page, the saved state and the xAPI statements that score them."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from packages import services
from packages.models import Attempt, ScoState
from packages.selectors import package_outcomes

from .conftest import upload

pytestmark = pytest.mark.django_db

VERB = "http://adlnet.gov/expapi/verbs/"


def _config(client, package, user):
    client.force_login(user)
    response = client.get(reverse("packages:package", kwargs={"pk": package.pk}))
    assert response.status_code == 200
    return json.loads(
        re.search(
            r'<script id="package-config" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )


def _state_url(package):
    return reverse("packages:h5p_state", kwargs={"pk": package.pk})


def _xapi_url(package):
    return reverse("packages:h5p_xapi", kwargs={"pk": package.pk})


def _xapi(client, package, token, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        _xapi_url(package), data, content_type="application/json", HTTP_X_AULA_LAUNCH=token
    )


def _statement(verb, raw=None, maximum=None, **result):
    if raw is not None or maximum is not None:
        result["score"] = {"min": 0, "raw": raw, "max": maximum}
    return {"verb": {"id": VERB + verb}, "result": result}


def _state(package, user):
    return ScoState.objects.get(attempt__package=package, attempt__user=user)


def test_the_player_page_points_h5p_standalone_at_the_protected_files(client, h5p, learner):
    config = _config(client, h5p, learner)
    player = config["player"]
    assert player["h5pJsonPath"] == f"/pacchetti/{h5p.pk}/v1"
    assert player["frameJs"].endswith("frame.bundle.js")
    assert player["ajax"]["contentUserDataUrl"] == _state_url(h5p)
    assert "contentUserData" not in player  # nothing saved yet
    assert config["csrfToken"] and config["token"]
    # The player fetches h5p.json, the content and the library from there, as the learner.
    for path in ("h5p.json", "content/content.json", "H5P.AulaDomande-1.0/aula-domande.js"):
        response = client.get(f"{player['h5pJsonPath']}/{path}")
        assert response.status_code == 200, path


def test_the_files_are_not_public(client, h5p, make_user):
    url = f"/pacchetti/{h5p.pk}/v1/h5p.json"
    assert client.get(url).status_code == 302  # a visitor: to the login page
    client.force_login(make_user(email="estranea@example.org"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("packages:package", kwargs={"pk": h5p.pk})).status_code == 404


def test_state_is_saved_and_handed_back_on_the_next_launch(client, h5p, learner):
    config = _config(client, h5p, learner)
    headers = {"HTTP_X_AULA_LAUNCH": config["token"]}
    response = client.get(_state_url(h5p), **headers)
    assert response.json() == {"success": True, "data": False}
    state = json.dumps({"chosen": [0, None, None], "checked": [True, False, False]})
    response = client.post(
        _state_url(h5p), {"data": state, "preload": "0", "invalidate": "1"}, **headers
    )
    assert response.json() == {"success": True}
    assert client.get(_state_url(h5p), **headers).json() == {"success": True, "data": state}
    row = _state(h5p, learner)
    assert row.completion == "incomplete"
    again = _config(client, h5p, learner)
    assert again["player"]["contentUserData"] == [{"state": state}]
    # "0" is H5P's way of forgetting the state.
    client.post(_state_url(h5p), {"data": "0"}, HTTP_X_AULA_LAUNCH=again["token"])
    assert "state" not in _state(h5p, learner).cmi
    assert "contentUserData" not in _config(client, h5p, learner)["player"]


@pytest.mark.parametrize("data", ["{not json", None, "x" * (65 * 1024)])
def test_a_bad_state_is_refused(client, h5p, learner, data):
    config = _config(client, h5p, learner)
    response = client.post(
        _state_url(h5p), {} if data is None else {"data": data}, HTTP_X_AULA_LAUNCH=config["token"]
    )
    assert response.status_code in (400, 413)
    assert response.json()["success"] is False
    assert not ScoState.objects.exists()


def test_the_state_of_another_learner_cannot_be_read_or_written(
    client, h5p, learner, make_user, place
):
    other = make_user(email="altra@example.org")
    place(other, h5p.course.editions.first())
    theirs = _config(Client(), h5p, other)["token"]
    _config(client, h5p, learner)
    assert client.get(_state_url(h5p), HTTP_X_AULA_LAUNCH=theirs).status_code == 404
    response = client.post(_state_url(h5p), {"data": "{}"}, HTTP_X_AULA_LAUNCH=theirs)
    assert response.status_code == 404
    assert client.get(_state_url(h5p)).status_code == 404  # no launch token at all
    assert client.get(_state_url(h5p), HTTP_X_AULA_LAUNCH="forged").status_code == 404
    assert not Attempt.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, h5p):
    response = client.post(_xapi_url(h5p), "{}", content_type="application/json")
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.get(_state_url(h5p))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_posts_need_the_csrf_token(h5p, learner):
    client = Client(enforce_csrf_checks=True)
    config = _config(client, h5p, learner)
    body = json.dumps(_statement("completed", 1, 3))
    response = client.post(
        _xapi_url(h5p), body, content_type="application/json", HTTP_X_AULA_LAUNCH=config["token"]
    )
    assert response.status_code == 403
    response = client.post(
        _xapi_url(h5p),
        body,
        content_type="application/json",
        HTTP_X_AULA_LAUNCH=config["token"],
        HTTP_X_CSRFTOKEN=config["csrfToken"],
    )
    assert response.status_code == 200


def test_statements_set_the_completion_and_the_score(client, h5p, learner):
    token = _config(client, h5p, learner)["token"]
    response = _xapi(client, h5p, token, _statement("answered", 1, 3, duration="PT42.5S"))
    assert response.json() == {"success": True, "completion": "incomplete", "score": "33.33"}
    outcome = package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[(h5p.pk, learner.pk)]
    assert outcome.completed is False
    response = _xapi(client, h5p, token, _statement("completed", 2, 3, success=True))
    assert response.json()["completion"] == "completed"
    # A later "answered" does not undo the completion.
    _xapi(client, h5p, token, _statement("answered", 2, 3))
    outcome = package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[(h5p.pk, learner.pk)]
    assert outcome.completed is True
    assert outcome.passed is True
    assert outcome.score == Decimal("66.67")
    assert outcome.seconds_spent == 42


def test_failed_and_the_courses_pass_mark(client, h5p, learner):
    h5p.passing_score = Decimal(80)
    h5p.save()
    token = _config(client, h5p, learner)["token"]
    _xapi(client, h5p, token, _statement("failed", 2, 3))
    assert _state(h5p, learner).success == "failed"
    outcome = package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[(h5p.pk, learner.pk)]
    assert outcome.completed is True and outcome.passed is False
    _xapi(client, h5p, token, _statement("passed", 3, 3))
    outcome = package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[(h5p.pk, learner.pk)]
    assert outcome.passed is True and outcome.score == 100


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        {"verb": "completed"},
        _statement("experienced"),
        {"verb": {"id": "https://example.org/verbs/completed"}},
        _statement("completed", 4, 3),
        _statement("completed", -1, 3),
        _statement("completed", 1, 0),
        _statement("completed", 1.5, 3),
        _statement("completed", True, 3),
        _statement("completed", "2", 3),
        _statement("completed", 1, None),
        _statement("completed", 1, 20_000),
        {"verb": {"id": VERB + "completed"}, "result": {"score": 5}},
        {"verb": {"id": VERB + "completed"}, "result": []},
        _statement("completed", 1, 3, success="yes"),
    ],
)
def test_a_bad_statement_is_refused_and_changes_nothing(client, h5p, learner, body):
    token = _config(client, h5p, learner)["token"]
    response = _xapi(client, h5p, token, body)
    assert response.status_code == 400, response.content
    assert response.json()["success"] is False
    assert not ScoState.objects.exists()


def test_a_statement_on_another_learners_attempt_is_404(client, h5p, learner, make_user, place):
    other = make_user(email="altra@example.org")
    place(other, h5p.course.editions.first())
    theirs = _config(Client(), h5p, other)["token"]
    _config(client, h5p, learner)
    assert _xapi(client, h5p, theirs, _statement("completed", 3, 3)).status_code == 404
    assert not ScoState.objects.exists()


def test_the_endpoints_are_for_h5p_only(client, scorm12, learner):
    client.force_login(learner)
    response = client.post(_xapi_url(scorm12), "{}", content_type="application/json")
    assert response.status_code == 404
    assert client.get(_xapi_url(scorm12)).status_code == 405


def test_a_new_version_keeps_the_state_only_when_the_files_are_the_same(
    client, h5p, learner, training_manager
):
    token = _config(client, h5p, learner)["token"]
    client.post(_state_url(h5p), {"data": '{"chosen":[1]}'}, HTTP_X_AULA_LAUNCH=token)
    from demo.package_builder import h5p_file

    services.upload_package(
        course=h5p.course, uploaded=upload("a.h5p", h5p_file()), by=training_manager, package=h5p
    )
    config = _config(client, h5p, learner)
    assert config["player"]["contentUserData"] == [{"state": '{"chosen":[1]}'}]
    # The old launch token belongs to the previous version: refused.
    assert client.get(_state_url(h5p), HTTP_X_AULA_LAUNCH=token).status_code == 404
    from .conftest import h5p_files, make_zip

    h5p.refresh_from_db()
    changed = make_zip(h5p_files())
    services.upload_package(
        course=h5p.course, uploaded=upload("b.h5p", changed), by=training_manager, package=h5p
    )
    assert "contentUserData" not in _config(client, h5p, learner)["player"]


def test_staff_see_the_learners_h5p_score_among_the_attempts(
    client, h5p, learner, training_manager
):
    token = _config(client, h5p, learner)["token"]
    _xapi(client, h5p, token, _statement("completed", 2, 3, success=True))
    client.force_login(training_manager)
    page = client.get(reverse("packages:attempts", kwargs={"pk": h5p.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert learner.get_full_name() in text
    assert "66" in text
