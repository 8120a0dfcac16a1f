"""Sign-up, verification, login and profile: the good path and every bad input."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.conftest import PASSWORD
from website.accounts.models import AffiliationRequest, User

SIGNUP_URL = "/account/signup/"


def signup_data(org, **overrides):
    data = {
        "first_name": "Lucia",
        "last_name": "Amato",
        "email": "lucia.amato@example.org",
        "centre": org["pa2"].pk,
        "password1": "Orientamento-2026!",
        "password2": "Orientamento-2026!",
        "privacy_acknowledged": "on",
    }
    data.update(overrides)
    return data


def test_signup_creates_an_unverified_account_and_sends_the_verification_email(
    client, org, mailoutbox
):
    response = client.post(SIGNUP_URL, signup_data(org))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="lucia.amato@example.org")
    # The centre is asked for, not granted: it waits for a manager's confirmation.
    assert (user.first_name, user.last_name, user.centre) == ("Lucia", "Amato", None)
    request = AffiliationRequest.objects.get(person=user)
    assert (request.centre, request.status) == (org["pa2"], AffiliationRequest.Status.PENDING)
    assert user.language == "it"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["lucia.amato@example.org"]
    assert mailoutbox[0].subject.startswith("[Aula] ")
    # Mandatory verification: no login before the link is followed.
    response = client.post(
        "/account/login/", {"login": "lucia.amato@example.org", "password": "Orientamento-2026!"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_following_the_verification_link_verifies_and_logs_in(client, org, mailoutbox):
    client.post(SIGNUP_URL, signup_data(org))
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lucia.amato@example.org").verified
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "OPERATORE@example.org"}, "email", "già registrato"),
        ({"password2": "Qualcosa-di-diverso-1"}, "password2", "stessa password"),
        (
            {"password1": "12345678901", "password2": "12345678901"},
            "password1",
            "interamente numerica",
        ),
        ({"password1": "corta1!", "password2": "corta1!"}, "password1", "almeno 10 caratteri"),
        ({"centre": "999999"}, "centre", "Scegli un centro per l'impiego dall'elenco."),
        ({"email": "non-una-email"}, "email", "indirizzo email valido"),
        ({"first_name": ""}, "first_name", "obbligatorio"),
    ],
)
def test_signup_rejects_bad_input_with_a_message_and_changes_nothing(
    client, org, operator, mailoutbox, overrides, field, message
):
    users_before = User.objects.count()
    response = client.post(SIGNUP_URL, signup_data(org, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.count() == users_before
    assert mailoutbox == []


def test_a_wrong_verification_key_verifies_nothing(client, org):
    client.post(SIGNUP_URL, signup_data(org))
    response = client.get("/account/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "non è valido" in response.content.decode() or "scaduto" in response.content.decode()
    response = client.post("/account/confirm-email/not-a-real-key/")
    assert not EmailAddress.objects.get(email="lucia.amato@example.org").verified


def test_too_many_failed_logins_are_refused_by_the_rate_limit(client, operator):
    for _ in range(5):
        response = client.post(
            "/account/login/", {"login": operator.email, "password": "sbagliata"}
        )
        assert response.status_code == 200
        assert "non sono corretti" in response.content.decode()
    response = client.post("/account/login/", {"login": operator.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Troppi tentativi" in response.content.decode() or response.status_code == 429


def test_login_is_case_insensitive_on_the_email(client, operator):
    response = client.post(
        "/account/login/", {"login": "OPERATORE@EXAMPLE.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == operator.pk


def test_profile_requires_login(db, client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_profile_updates_name_job_title_and_language_and_asks_for_the_centre(client, operator, org):
    client.force_login(operator)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Giuseppe",
            "last_name": "Bruno",
            "centre": org["sr1"].pk,
            "job_title": "Orientatore",
            "language": "en",
        },
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    # A new centre is a request: the confirmed one stays until someone approves.
    assert (operator.first_name, operator.centre, operator.job_title, operator.language) == (
        "Giuseppe",
        org["pa1"],
        "Orientatore",
        "en",
    )
    assert operator.affiliation_requests.get(status="pending").centre == org["sr1"]
    assert response.cookies["aula_language"].value == "en"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("centre", "abc", "Scegli un centro"),
        ("language", "fr", "Scegli un'opzione valida"),
        ("first_name", "", "obbligatorio"),
    ],
)
def test_profile_rejects_bad_input(client, operator, org, field, value, message):
    client.force_login(operator)
    data = {
        "first_name": "Giuseppe",
        "last_name": "Bruno",
        "centre": org["pa1"].pk,
        "job_title": "",
        "language": "it",
        field: value,
    }
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    operator.refresh_from_db()
    assert (
        operator.first_name.startswith("Nome")
        and operator.centre == org["pa1"]
        and operator.language == "it"
    )


def test_a_person_cannot_edit_someone_elses_profile(client, operator, make_user):
    other = make_user()
    client.force_login(other)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "X", "last_name": "Y", "centre": "", "job_title": "", "language": "it"},
    )
    operator.refresh_from_db()
    assert operator.first_name != "X"


def test_after_login_one_lands_on_my_training_unless_next_says_otherwise(client, operator):
    response = client.post("/account/login/", {"login": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    client.logout()
    response = client.post(
        "/account/login/?next=/corsi/", {"login": operator.email, "password": PASSWORD}
    )
    assert response["Location"] == "/corsi/"


def test_the_login_link_of_the_home_page_leads_to_my_training(client, db):
    from bs4 import BeautifulSoup

    def login_href(path):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        return page.select_one(f'a[href^="{reverse("account_login")}"]')["href"]

    # From the home page the dashboard is the place to go; from any other page, back there.
    assert login_href("/") == reverse("account_login")
    assert login_href("/corsi/") == reverse("account_login") + "?next=/corsi/"
