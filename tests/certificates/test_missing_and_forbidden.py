"""Someone else's certificate answers as a missing one: to the login page, or 404 once signed in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(issue_certificate):
    certificate = issue_certificate()
    return {
        name: [
            reverse(f"certificates:{name}", args=[certificate.pk]),
            reverse(f"certificates:{name}", args=[certificate.pk + 1000]),
        ]
        for name in ("download", "credential")
    }, certificate


@pytest.mark.parametrize("name", ["download", "credential"])
def test_anonymous_visitors_go_to_the_login_page_whether_or_not_it_exists(client, pairs, name):
    urls, _certificate = pairs
    for url in urls[name]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", ["download", "credential"])
def test_another_person_gets_404_whether_or_not_it_exists(client, pairs, name, make_user):
    urls, _certificate = pairs
    client.force_login(make_user())
    for url in urls[name]:
        assert client.get(url).status_code == 404, url


def test_the_holder_still_downloads_theirs(client, pairs):
    urls, certificate = pairs
    client.force_login(certificate.user)
    assert client.get(urls["download"][0]).status_code == 200
