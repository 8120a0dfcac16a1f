"""Two factors: open to everyone, required of the roles in AULA_MFA_REQUIRED_ROLES."""

import io
import logging

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import PASSWORD

REQUIRED = ["superuser", "editor_in_chief", "training_manager"]
MOMENT = "2026-03-02T09:00:00Z"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_for(secret, *, shift=0):
    """The app's code at the moment the test travels to (shift: periods later)."""
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + shift))


def login(client, user, *, follow=False):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=follow
    )


def reauthenticate(client):
    """allauth asks for the password again before two factors change."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content


def with_totp(user, secret=SECRET):
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user)


@pytest.fixture
def required(settings):
    settings.AULA_MFA_REQUIRED_ROLES = REQUIRED


@pytest.fixture
def clock():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def test_a_training_manager_without_two_factors_cannot_reach_the_admin(
    client, training_manager, required
):
    response = login(client, training_manager)
    assert response.status_code == 302
    for path in (reverse("wagtailadmin_home"), reverse("courses:dashboard")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 302  # the password again
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Il tuo ruolo richiede l&#x27;autenticazione a due fattori" in page.text
    assert client.get(reverse("mfa_index")).status_code == 200  # the account's own pages open


@pytest.mark.parametrize("role", ["superuser", "editor_in_chief"])
def test_administrators_and_editors_in_chief_are_required_too(client, make_user, required, role):
    from website.accounts.roles import Role

    user = (
        make_user(superuser=True) if role == "superuser" else make_user(role=Role.EDITOR_IN_CHIEF)
    )
    login(client, user)
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_activate_totp")


def test_an_operator_is_not_required(client, operator, required):
    login(client, operator)
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_the_requirement_is_off_unless_configured(client, training_manager, settings):
    settings.AULA_MFA_REQUIRED_ROLES = []
    login(client, training_manager)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_enrolment_with_a_computed_code_opens_the_admin(client, training_manager, required, clock):
    login(client, training_manager)
    reauthenticate(client)
    form = client.get(reverse("mfa_activate_totp")).context["form"]
    secret = form.secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=training_manager).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=training_manager).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_enrolment_of_another_person_is_not_possible_anonymously(client):
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_login_asks_for_the_code_and_refuses_a_wrong_one(client, training_manager, clock):
    with_totp(training_manager)
    response = login(client, training_manager)
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the admin still sends to a login page.
    assert client.get(reverse("courses:dashboard")).status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET, shift=5)})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(training_manager.pk)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_used_code_is_not_accepted_twice(client, training_manager, clock):
    with_totp(training_manager)
    login(client, training_manager)
    client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    client.post(reverse("account_logout"))
    login(client, training_manager)
    again = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, training_manager, clock):
    codes = with_totp(training_manager).get_unused_codes()
    login(client, training_manager)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.session["_auth_user_id"] == str(training_manager.pk)

    client.post(reverse("account_logout"))
    login(client, training_manager)
    reused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": codes[1]}).status_code == 302


def test_the_admin_login_form_cannot_skip_the_second_factor(client, training_manager, clock):
    with_totp(training_manager)
    response = client.post(
        reverse("wagtailadmin_login"), {"username": training_manager.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_profile_links_to_two_factors(client, operator):
    client.force_login(operator)
    assert reverse("mfa_index") in client.get(reverse("accounts:profile")).text


def test_the_two_factor_pages_use_the_site_layout(client, operator):
    login(client, operator)
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert 'class="card card-bg' in page.text  # our allauth panel element
    assert "skiplinks" in page.text or 'id="main' in page.text


def test_a_lost_device_is_reset_by_command_and_logged(client, training_manager, caplog, clock):
    with_totp(training_manager)
    out = io.StringIO()
    with caplog.at_level(logging.WARNING, logger="aula.security"):
        call_command(
            "mfa_reset", training_manager.email.upper(), "--by", "admin@example.org", stdout=out
        )
    assert "Removed 2 authenticator(s)" in out.getvalue()
    assert not Authenticator.objects.filter(user=training_manager).exists()
    assert "removed by admin@example.org" in caplog.text
    # The password alone logs in again.
    assert login(client, training_manager)["Location"] == reverse("courses:dashboard")


def test_the_reset_refuses_an_unknown_address(db):
    with pytest.raises(CommandError):
        call_command("mfa_reset", "nobody@example.org")
