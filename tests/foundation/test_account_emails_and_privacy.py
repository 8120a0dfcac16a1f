"""Allauth's emails speak for the platform on SITE_URL; sign-up asks for the privacy notice."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from website.accounts.models import User
from website.core.models import SiteIdentity

SIGNUP_URL = "/account/signup/"
RESET_URL = "/account/password/reset/"
PUBLIC_ORIGIN = "https://aula.example.it"


def signup_data(**overrides):
    data = {
        "first_name": "Lucia",
        "last_name": "Amato",
        "email": "lucia.amato@example.org",
        "centre": "",
        "password1": "Orientamento-2026!",
        "password2": "Orientamento-2026!",
        "privacy_acknowledged": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def public_origin(settings, db):
    settings.SITE_URL = PUBLIC_ORIGIN
    identity = SiteIdentity.load()
    identity.owner_name = "Regione Siciliana"
    identity.save()


def links(body):
    return re.findall(r"https?://[^\s()]+", body)


def test_the_confirmation_email_names_the_platform_and_links_to_site_url(
    client, public_origin, mailoutbox
):
    response = client.post(SIGNUP_URL, signup_data(), HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.subject == "[Aula] Conferma il tuo indirizzo email"
    assert message.body.startswith("Gentile Lucia,")
    assert "account su Aula" in message.body
    assert "Il servizio formazione di Aula (Regione Siciliana)" in message.body
    assert links(message.body)
    assert all(link.startswith(PUBLIC_ORIGIN) for link in links(message.body))
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    [confirm] = [link for link in links(message.body) if "/account/confirm-email/" in link]
    # The link still works: its path is the one allauth made.
    path = confirm.removeprefix(PUBLIC_ORIGIN)
    client.post(path)
    assert EmailAddress.objects.get(email="lucia.amato@example.org").verified


def test_the_reset_email_names_the_platform_and_links_to_site_url(
    client, operator, public_origin, mailoutbox
):
    response = client.post(RESET_URL, {"email": operator.email}, HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.subject == "[Aula] Reimposta la password"
    assert message.body.startswith(f"Gentile {operator.first_name},")
    assert "account su Aula (https://aula.example.it)" in message.body
    [reset] = [link for link in links(message.body) if "/account/password/reset/key/" in link]
    assert reset.startswith(PUBLIC_ORIGIN + "/account/password/reset/key/")
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    # The key in the link is a real one.
    response = client.get(reset.removeprefix(PUBLIC_ORIGIN), follow=True)
    assert response.status_code == 200
    assert "password1" in response.context["form"].fields


def test_the_emails_speak_english_to_an_english_visitor(
    client, public_origin, mailoutbox, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(SIGNUP_URL, signup_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.subject == "[Aula] Confirm your email address"
    assert message.body.startswith("Dear Lucia,")
    assert "Gentile" not in message.body


def test_an_unknown_address_gets_no_reset_email_and_the_form_says_so(
    client, public_origin, mailoutbox
):
    response = client.post(RESET_URL, {"email": "nessuno@example.org"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mailoutbox == []


def test_the_signup_form_links_the_privacy_notice(client, db):
    response = client.get(SIGNUP_URL)
    content = response.content.decode()
    assert 'name="privacy_acknowledged"' in content
    assert re.search(
        r'<a href="/privacy/"[^>]*>informativa sul trattamento dei dati personali', content
    )


@pytest.mark.parametrize("value", [None, ""])
def test_signup_without_the_privacy_acknowledgement_is_refused_and_creates_nothing(
    client, db, mailoutbox, value
):
    data = signup_data()
    if value is None:
        del data["privacy_acknowledged"]
    else:
        data["privacy_acknowledged"] = value
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    message = "conferma di aver letto l'informativa"
    assert message in " ".join(response.context["form"].errors["privacy_acknowledged"])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.filter(email="lucia.amato@example.org").exists()
    assert mailoutbox == []


def test_signup_with_the_privacy_acknowledgement_stores_its_moment(client, db):
    before = timezone.now()
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="lucia.amato@example.org")
    assert user.privacy_acknowledged_at is not None
    assert before <= user.privacy_acknowledged_at <= timezone.now()


def test_an_account_made_otherwise_has_no_acknowledgement(operator):
    assert operator.privacy_acknowledged_at is None
