"""Prepared queries: the SQL is built once per shape, the rows are always read afresh."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext

from website.accounts.models import User
from website.core.prepared import prepared_rows

pytestmark = pytest.mark.django_db


def _joined(user_id: int, since: date) -> QuerySet:
    return User.objects.filter(pk=user_id, date_joined__date__gte=since).values_list(
        "pk", "email", "date_joined__date", "is_active"
    )


def test_each_call_reads_its_own_values_and_the_rows_as_they_are_now(make_user, settings):
    settings.PREPARED_QUERIES_CHECKED = False  # the check builds the query again on each call
    first, second = make_user(), make_user()
    key = "test.joined"
    since = date(2000, 1, 1)
    built = []

    def build(user_id, day):
        built.append((user_id, day))
        return _joined(user_id, day)

    assert prepared_rows(key, build, [first.pk, since]) == list(_joined(first.pk, since))
    with CaptureQueriesContext(connection) as queries:
        rows = prepared_rows(key, build, [second.pk, since])
    assert rows == [(second.pk, second.email, second.date_joined.date(), True)]
    assert len(queries) == 1
    assert len(built) == 1, "the query is built once for its shape"
    # A day past the joining date leaves the person out: the day is a parameter too.
    assert prepared_rows(key, build, [second.pk, date(2999, 1, 1)]) == []
    User.objects.filter(pk=second.pk).update(is_active=False, email="nuovo@example.org")
    assert prepared_rows(key, build, [second.pk, since]) == [
        (second.pk, "nuovo@example.org", second.date_joined.date(), False)
    ]


def test_moments_are_parameters_too(make_user):
    person = make_user()
    joined = person.date_joined

    def build(user_id, moment):
        return User.objects.filter(pk=user_id, date_joined__lte=moment).values_list("pk")

    assert prepared_rows("test.moment", build, [person.pk, joined]) == [(person.pk,)]
    assert prepared_rows("test.moment", build, [person.pk, joined - timedelta(seconds=1)]) == []


def test_a_value_the_query_does_not_take_as_a_parameter_is_refused(make_user):
    person = make_user()

    def build(user_id):
        # The id is folded into the query's shape: another person would get the same SQL.
        return User.objects.filter(Q(pk__gt=0)).values_list("pk")

    with pytest.raises(ValueError, match="not parameters"):
        prepared_rows("test.folded", build, [person.pk])


def test_the_suite_refuses_a_key_that_leaves_out_what_shapes_the_sql(make_user, settings):
    assert settings.PREPARED_QUERIES_CHECKED, "the test settings check every prepared query"
    person = make_user()
    shape = {"active_only": False}

    def build(user_id):
        people = User.objects.filter(pk=user_id)
        if shape["active_only"]:
            people = people.filter(is_active=True)
        return people.values_list("pk")

    assert prepared_rows("test.shape", build, [person.pk]) == [(person.pk,)]
    shape["active_only"] = True  # a new shape under the same key
    with pytest.raises(AssertionError, match="missing from the key"):
        prepared_rows("test.shape", build, [person.pk])


def test_a_shape_that_can_match_nothing_answers_no_rows_without_a_query(make_user):
    make_user()

    def build(*ids):
        return User.objects.filter(pk__in=ids).values_list("pk")

    for _ in range(2):  # the shape kept, then reused
        with CaptureQueriesContext(connection) as queries:
            assert prepared_rows("test.nobody", build, []) == []
        assert len(queries) == 0
