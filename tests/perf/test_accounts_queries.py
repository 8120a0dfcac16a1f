"""The centre manager's page of membership requests: queries do not grow with the requests."""

import pytest

from website.accounts import services

from .helpers import assert_same_queries

pytestmark = pytest.mark.django_db


def test_membership_requests_page_queries_are_fixed(client, org, centre_manager, make_user):
    def ask(count):
        for _ in range(count):
            services.affiliation_request(person=make_user(), centre=org["pa1"])

    ask(1)
    client.force_login(centre_manager)
    queries, response = assert_same_queries(client, "/profilo/richieste-centro/", lambda: ask(10))
    assert response.content.decode().count('value="approve"') == 11
    assert queries <= 10, queries
