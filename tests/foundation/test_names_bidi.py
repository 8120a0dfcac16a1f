"""Names lose bidirectional control characters wherever a person writes them.

A right-to-left override in a name flips how the rest of a line reads in
lists, registers and certificates (display spoofing); passwords are kept
exactly as typed, or the login would no longer match them.
"""

import pytest
from allauth.account.models import EmailAddress

from website.accounts.models import User

RLO = "\u202e"
PASSWORD_WITH_MARK = "Orientamento\u200e-2026!"


@pytest.mark.django_db
def test_sign_up_strips_bidi_controls_from_names_and_keeps_the_password(client):
    response = client.post(
        "/account/signup/",
        {
            "first_name": f"Ann{RLO}a",
            "last_name": f"\u2066Rossi{RLO}",
            "email": "anna.rossi@example.org",
            "centre": "",
            "password1": PASSWORD_WITH_MARK,
            "password2": PASSWORD_WITH_MARK,
            "privacy_acknowledged": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="anna.rossi@example.org")
    assert (user.first_name, user.last_name) == ("Anna", "Rossi")
    assert user.check_password(PASSWORD_WITH_MARK)


@pytest.mark.django_db
def test_a_name_made_only_of_bidi_controls_is_refused_and_nothing_is_created(client):
    response = client.post(
        "/account/signup/",
        {
            "first_name": RLO * 3,
            "last_name": "Rossi",
            "email": "vuoto@example.org",
            "centre": "",
            "password1": PASSWORD_WITH_MARK,
            "password2": PASSWORD_WITH_MARK,
            "privacy_acknowledged": "on",
        },
    )
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors
    assert not User.objects.filter(email="vuoto@example.org").exists()


@pytest.mark.django_db
def test_profile_strips_bidi_controls_from_name_and_job_title(client, operator):
    client.force_login(operator)
    response = client.post(
        "/profilo/",
        {
            "first_name": f"Gius{RLO}eppe",
            "last_name": "Verdi",
            "centre": operator.centre_id,
            "job_title": f"Operatore{RLO} del mercato del lavoro",
            "language": "it",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    operator.refresh_from_db()
    assert operator.first_name == "Giuseppe"
    assert operator.job_title == "Operatore del mercato del lavoro"
    assert EmailAddress.objects.filter(user=operator).exists()
