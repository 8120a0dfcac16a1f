"""Password change and reset through allauth, and allauth's pages in the site's own layout."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PASSWORD

NEW_PASSWORD = "Colloquio-orientativo-2026"


def test_password_change_needs_the_current_password_and_a_matching_pair(client, operator):
    client.force_login(operator)
    url = "/account/password/change/"
    wrong = client.post(
        url, {"oldpassword": "non-la-mia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 200
    assert "oldpassword" in wrong.context["form"].errors
    mismatch = client.post(
        url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    assert "password2" in mismatch.context["form"].errors
    weak = client.post(
        url, {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"}
    )
    assert "password1" in weak.context["form"].errors
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)

    done = client.post(
        url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password(NEW_PASSWORD)


def test_password_reset_by_email_sets_a_new_password(client, operator, mailoutbox):
    response = client.post("/account/password/reset/", {"email": operator.email.upper()})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [operator.email]
    link = re.search(r"https?://\S+/account/password/reset/key/\S+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path

    mismatch = client.post(set_url, {"password1": NEW_PASSWORD, "password2": "diversa-2026-x"})
    assert mismatch.status_code == 200
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)

    assert (
        client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code
        == 302
    )
    operator.refresh_from_db()
    assert operator.check_password(NEW_PASSWORD)
    # The link works once.
    assert "password1" not in client.get(path, follow=True).content.decode()


def test_a_forged_reset_key_changes_nothing(client, operator):
    response = client.get("/account/password/reset/key/zz-forged-key/", follow=True)
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


ANONYMOUS_PAGES = [
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
    "/account/password/reset/done/",
    "/account/confirm-email/",
]
PERSONAL_PAGES = ["/account/password/change/", "/account/email/", "/account/logout/"]


def assert_site_layout(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main#main-content") is not None
    assert soup.select_one("header .it-header-wrapper, header.it-header-wrapper") is not None
    assert soup.select_one("footer") is not None
    assert soup.select_one("a[data-element='accessibility-link']") is not None
    assert soup.html["lang"] == "it"


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_allauth_pages_use_the_site_layout(client, db, path):
    assert_site_layout(client.get(path))


@pytest.mark.parametrize("path", PERSONAL_PAGES)
def test_allauth_personal_pages_use_the_site_layout(client, operator, path):
    client.force_login(operator)
    assert_site_layout(client.get(path))
