"""The player page and the commit endpoint make as many queries with 1 learner as with 12."""

import itertools
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from packages import services
from packages.runtime import current_launch
from tests.packages import conftest as package_fixtures

from .helpers import assert_same_queries

# The packages tests' fixtures, shared with these query counts.
_media_in_tmp = package_fixtures._media_in_tmp
enrolled_course = package_fixtures.enrolled_course
learner = package_fixtures.learner
scorm2004 = package_fixtures.scorm2004

_numbers = itertools.count(1)


def _more_learners(package, make_user, place, count=11):
    edition = package.course.editions.first()
    scos = list(package.current_version.scos.exclude(href=""))
    for _ in range(count):
        user = make_user(email=f"discente{next(_numbers)}@example.org")
        place(user, edition)
        for sco in scos:
            package_fixtures.commit_sco(
                package,
                user,
                {"cmi.location": "1", "cmi.completion_status": "incomplete"},
                sco=sco,
            )


@pytest.mark.django_db
def test_player_page(client, scorm2004, learner, make_user, place):
    client.force_login(learner)
    url = reverse("packages:package", kwargs={"pk": scorm2004.pk})
    count, _ = assert_same_queries(client, url, lambda: _more_learners(scorm2004, make_user, place))
    assert count <= 10


def _commit_queries(client, url, token, n):
    body = json.dumps({"token": token, "data": {"cmi.location": str(n)}})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, body, content_type="application/json")
    assert response.json()["result"] is True
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_commit_endpoint(client, scorm2004, learner, make_user, place):
    client.force_login(learner)
    page = client.get(reverse("packages:package", kwargs={"pk": scorm2004.pk})).content.decode()
    config = json.loads(re.search(r'application/json">(.*?)</script>', page, re.S).group(1))
    _commit_queries(client, config["commitUrl"], config["token"], 0)
    before = _commit_queries(client, config["commitUrl"], config["token"], 1)
    _more_learners(scorm2004, make_user, place)
    after = _commit_queries(client, config["commitUrl"], config["token"], 2)
    assert before == after
    assert after <= 12


@pytest.mark.django_db
def test_staff_attempts_page(client, scorm2004, training_manager, make_user, place):
    client.force_login(training_manager)
    url = reverse("packages:attempts", kwargs={"pk": scorm2004.pk})
    _more_learners(scorm2004, make_user, place, count=1)
    count, _ = assert_same_queries(client, url, lambda: _more_learners(scorm2004, make_user, place))
    assert count <= 10


@pytest.mark.django_db
def test_outcomes_selector_makes_three_queries(scorm2004, make_user, place):
    """The attempts with their SCO states in one query; passing scores and the versions' SCO
    counts, one each, only while the content cache is cold (as here)."""
    from packages.selectors import package_outcomes

    _more_learners(scorm2004, make_user, place, count=3)
    users = list(scorm2004.attempts.values_list("user_id", flat=True))
    with CaptureQueriesContext(connection) as captured:
        outcomes = package_outcomes(package_ids=[scorm2004.pk], user_ids=users)
    assert len(outcomes) == 3
    assert len(captured.captured_queries) == 3


h5p = package_fixtures.h5p
_H5P_STATEMENT = {
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "result": {"score": {"raw": 1, "max": 3}},
}


def _more_h5p_learners(package, make_user, place, count=11):
    edition = package.course.editions.first()
    for _ in range(count):
        user = make_user(email=f"discente{next(_numbers)}@example.org")
        place(user, edition)
        launch = current_launch(package, user)
        services.save_h5p_state(
            package=package, user=user, number=launch.attempt_number, session="s", data="{}"
        )
        services.record_h5p_statement(
            package=package,
            user=user,
            number=launch.attempt_number,
            session="s",
            verb="completed",
            raw=2,
            maximum=3,
            success=True,
            seconds=30,
        )


@pytest.mark.django_db
def test_h5p_player_page(client, h5p, learner, make_user, place):
    client.force_login(learner)
    url = reverse("packages:package", kwargs={"pk": h5p.pk})
    count, _ = assert_same_queries(client, url, lambda: _more_h5p_learners(h5p, make_user, place))
    assert count <= 10


def _xapi_queries(client, url, token):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            url,
            json.dumps(_H5P_STATEMENT),
            content_type="application/json",
            HTTP_X_AULA_LAUNCH=token,
        )
    assert response.json()["success"] is True
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_h5p_xapi_endpoint(client, h5p, learner, make_user, place):
    client.force_login(learner)
    page = client.get(reverse("packages:package", kwargs={"pk": h5p.pk})).content.decode()
    config = json.loads(re.search(r'application/json">(.*?)</script>', page, re.S).group(1))
    url = reverse("packages:h5p_xapi", kwargs={"pk": h5p.pk})
    _xapi_queries(client, url, config["token"])
    before = _xapi_queries(client, url, config["token"])
    _more_h5p_learners(h5p, make_user, place)
    after = _xapi_queries(client, url, config["token"])
    assert before == after
    assert after <= 12
