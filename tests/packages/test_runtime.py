"""The commit endpoint checks what arrives against the data model, with the standard's codes."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from packages import cmi
from packages.models import Attempt, ScoState
from packages.selectors import package_outcomes


def _launch(client, package, learner, voce=None):
    client.force_login(learner)
    url = reverse("packages:package", kwargs={"pk": package.pk}) + (f"?voce={voce}" if voce else "")
    response = client.get(url)
    assert response.status_code == 200
    config = json.loads(
        re.search(
            r'<script id="package-config" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    return config


def _commit(client, config, data, *, terminate=False, token=None):
    url = config["commitUrl"] + ("?terminate=true" if terminate else "")
    response = client.post(
        url,
        json.dumps({"token": token or config["token"], "data": data}),
        content_type="text/plain",
    )
    return response


def _code(response):
    assert response.status_code == 200, response.content
    body = response.json()
    return 0 if body["result"] is True else body["errorCode"]


# --- SCORM 1.2 ---------------------------------------------------------------------


def test_a_good_commit_is_stored(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    assert config["cmi"]["cmi.core.entry"] == "ab-initio"
    assert (
        _code(
            _commit(client, config, {"cmi.core.lesson_location": "2", "cmi.core.exit": "suspend"})
        )
        == 0
    )
    state = ScoState.objects.get()
    assert state.cmi == {"cmi.core.lesson_location": "2"}  # exit belongs to the session
    assert state.exit == "suspend"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"cmi.core.nonsense": "x"}, 401),
        ({"cmi.core.student_id": "someone-else"}, 403),
        ({"cmi.core.total_time": "9999:00:00"}, 403),
        ({"cmi.core.entry": "resume"}, 403),
        ({"cmi.core.lesson_status": "perfect"}, 405),
        ({"cmi.core.lesson_status": "not attempted"}, 405),
        ({"cmi.core.score.raw": "101"}, 405),
        ({"cmi.core.score.raw": "abc"}, 405),
        ({"cmi.core.session_time": "1 hour"}, 405),
        ({"cmi.student_preference.speed": "200"}, 405),
        ({"cmi.interactions.1.id": "q2"}, 201),
        ({"cmi.core._children": "x"}, 401),
    ],
)
def test_scorm12_refusals(client, scorm12, learner, data, code):
    config = _launch(client, scorm12, learner)
    assert _code(_commit(client, config, data)) == code
    assert not ScoState.objects.exists()


def test_one_bad_value_refuses_the_whole_commit(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    data = {"cmi.core.lesson_location": "3", "cmi.core.score.raw": "150"}
    assert _code(_commit(client, config, data)) == 405
    assert not ScoState.objects.exists()


def test_commit_after_terminate_is_refused(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    assert _code(_commit(client, config, {"cmi.core.lesson_location": "1"}, terminate=True)) == 0
    assert _code(_commit(client, config, {"cmi.core.lesson_location": "2"})) == 101
    assert ScoState.objects.get().cmi["cmi.core.lesson_location"] == "1"
    # A new page load is a new session: it may commit again.
    config = _launch(client, scorm12, learner)
    assert _code(_commit(client, config, {"cmi.core.lesson_location": "2"})) == 0


def test_write_only_elements_are_never_read_back(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    _commit(client, config, {"cmi.interactions.0.id": "q1", "cmi.interactions.0.result": "correct"})
    config = _launch(client, scorm12, learner)
    assert not any(key.startswith("cmi.interactions") for key in config["cmi"])
    with pytest.raises(cmi.CmiError) as raised:
        cmi.check_get(cmi.SCORM12, "cmi.core.session_time")
    assert raised.value.code == 404
    with pytest.raises(cmi.CmiError) as raised:
        cmi.check_get(cmi.SCORM2004, "cmi.exit")
    assert raised.value.code == 405
    with pytest.raises(cmi.CmiError) as raised:
        cmi.check_get(cmi.SCORM2004, "cmi.nothing")
    assert raised.value.code == 401


def test_resume_across_reloads(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    _commit(
        client,
        config,
        {
            "cmi.core.lesson_location": "2",
            "cmi.suspend_data": '{"page":2}',
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.exit": "suspend",
            "cmi.core.session_time": "00:05:00",
        },
        terminate=True,
    )
    config = _launch(client, scorm12, learner)
    assert config["cmi"]["cmi.core.entry"] == "resume"
    assert config["cmi"]["cmi.suspend_data"] == '{"page":2}'
    assert config["cmi"]["cmi.core.lesson_location"] == "2"
    assert config["cmi"]["cmi.core.total_time"] == "0000:05:00"
    _commit(
        client, config, {"cmi.core.session_time": "00:01:30", "cmi.core.exit": ""}, terminate=True
    )
    config = _launch(client, scorm12, learner)
    assert config["cmi"]["cmi.core.entry"] == ""
    assert config["cmi"]["cmi.core.total_time"] == "0000:06:30"


def test_outcome_from_what_the_runtime_sent(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    _commit(
        client,
        config,
        {
            "cmi.core.score.raw": "90",
            "cmi.core.lesson_status": "completed",
            "cmi.core.session_time": "00:10:00",
        },
    )
    outcome = package_outcomes(package_ids=[scorm12.pk], user_ids=[learner.pk])[
        (scorm12.pk, learner.pk)
    ]
    # The manifest's mastery score (80) turns "completed" with 90 into "passed".
    assert outcome.completed is True
    assert outcome.passed is True
    assert outcome.score == Decimal("90.00")
    assert outcome.seconds_spent == 600
    assert outcome.last_access is not None


def test_another_learners_session_is_not_found(client, scorm12, learner, make_user, place):
    config = _launch(client, scorm12, learner)
    other = make_user(email="altro@example.org")
    place(other, scorm12.course.editions.first())
    client.force_login(other)
    response = _commit(client, config, {"cmi.core.lesson_location": "9"})
    assert response.status_code == 404
    assert not ScoState.objects.exists()


def test_a_forged_token_is_not_found(client, scorm12, learner):
    config = _launch(client, scorm12, learner)
    assert _commit(client, config, {}, token=config["token"] + "x").status_code == 404


def test_a_sco_of_another_package_is_not_found(client, scorm12, scorm2004, learner):
    config = _launch(client, scorm12, learner)
    other_sco = scorm2004.current_version.scos.first()
    url = reverse("packages:commit", kwargs={"pk": scorm12.pk, "sco": other_sco.pk})
    response = client.post(
        url, json.dumps({"token": config["token"], "data": {}}), content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[]", b'{"token": 1, "data": {}}', b'{"token": "x"}']
)
def test_malformed_bodies(client, scorm12, learner, body):
    client.force_login(learner)
    url = reverse(
        "packages:commit", kwargs={"pk": scorm12.pk, "sco": scorm12.current_version.scos.first().pk}
    )
    assert client.post(url, body, content_type="application/json").status_code == 400
    assert not Attempt.objects.exists()


def test_someone_without_a_place_is_not_found(client, scorm12, make_user):
    client.force_login(make_user(email="estraneo@example.org"))
    assert client.get(reverse("packages:package", kwargs={"pk": scorm12.pk})).status_code == 404
    url = reverse(
        "packages:file", kwargs={"pk": scorm12.pk, "version": 1, "path": "modulo/index.html"}
    )
    assert client.get(url).status_code == 404


# --- SCORM 2004 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"cmi.nonsense": "x"}, 401),
        ({"cmi.learner_id": "x"}, 404),
        ({"cmi.total_time": "PT1H"}, 404),
        ({"cmi.completion_status": "done"}, 406),
        ({"cmi.score.scaled": "1.5"}, 407),
        ({"cmi.score.scaled": "x"}, 406),
        ({"cmi.progress_measure": "-0.1"}, 407),
        ({"cmi.session_time": "00:10:00"}, 406),
        ({"cmi.interactions.0.type": "choice"}, 408),
        ({"cmi.interactions.2.id": "q"}, 351),
        ({"adl.nav.request": "teleport"}, 406),
    ],
)
def test_scorm2004_refusals(client, scorm2004, learner, data, code):
    config = _launch(client, scorm2004, learner)
    assert _code(_commit(client, config, data)) == code
    assert not ScoState.objects.exists()


def test_scorm2004_commit_after_terminate_is_143(client, scorm2004, learner):
    config = _launch(client, scorm2004, learner)
    assert _code(_commit(client, config, {"cmi.exit": "suspend"}, terminate=True)) == 0
    assert _code(_commit(client, config, {"cmi.location": "x"})) == 143


def test_scorm2004_completion_and_navigation_values(client, scorm2004, learner):
    config = _launch(client, scorm2004, learner, voce="verifica")
    assert config["current"] == "verifica"
    assert config["cmi"]["cmi.scaled_passing_score"] == "0.8"
    data = {
        "cmi.interactions.0.id": "domanda-finale",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.result": "correct",
        "cmi.score.scaled": "1",
        "cmi.success_status": "passed",
        "cmi.completion_status": "completed",
        "cmi.session_time": "PT2M30S",
        "adl.nav.request": "{target=contenuti}choice",
    }
    assert _code(_commit(client, config, data, terminate=True)) == 0
    state = ScoState.objects.get(sco_identifier="verifica")
    assert state.score == Decimal("100.00")
    assert state.session_seconds == 150
    assert "adl.nav.request" not in state.cmi
    outcome = package_outcomes(package_ids=[scorm2004.pk], user_ids=[learner.pk])[
        (scorm2004.pk, learner.pk)
    ]
    assert outcome.completed is False  # "contenuti" is not completed yet
    config = _launch(client, scorm2004, learner, voce="contenuti")
    _commit(client, config, {"cmi.completion_status": "completed"})
    outcome = package_outcomes(package_ids=[scorm2004.pk], user_ids=[learner.pk])[
        (scorm2004.pk, learner.pk)
    ]
    assert outcome.completed is True
    assert outcome.passed is True


def test_the_player_writes_nothing(client, scorm2004, learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(learner)
    client.get("/")  # the site's identity is made on first use, by any page
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("packages:package", kwargs={"pk": scorm2004.pk}))
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_the_course_page_shows_a_package_renamed_or_withdrawn_at_once(client, scorm12, learner):
    """The course page reads the packages from the cache: every save is seen."""
    client.force_login(learner)
    url = scorm12.course.get_absolute_url()
    assert "ricollocazione" in client.get(url).content.decode()
    scorm12.title = "Modulo rinominato"
    scorm12.save()
    assert "Modulo rinominato" in client.get(url).content.decode()
    scorm12.current_version = None  # no version to play: off the list
    scorm12.save()
    assert "Modulo rinominato" not in client.get(url).content.decode()
