"""Training managers keep people's accounts but never hand out admin rights."""

import pytest

from website.accounts.models import User
from website.accounts.permissions import admin_groups
from website.accounts.roles import Role, role_group


def edit_data(account, *, groups=(), **changes):
    data = {
        "email": account.email,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_active": "on",
        "centre": account.centre_id or "",
        "job_title": account.job_title,
        "language": account.language,
        "groups": [group.pk for group in groups],
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def group(role):
    return role_group(role)


def test_only_the_two_admin_roles_open_the_admin(db):
    names = set(admin_groups().values_list("role__code", flat=True))
    assert {str(Role.EDITOR), str(Role.TRAINING_MANAGER)} <= names
    assert not names & {
        str(Role.OPERATOR),
        str(Role.CENTRE_MANAGER),
        str(Role.CLUSTER_LEAD),
        str(Role.TEACHER),
        str(Role.COACH),
    }


def test_training_manager_gives_a_teaching_role(client, training_manager, operator):
    client.force_login(training_manager)
    response = client.post(
        f"/admin/users/edit/{operator.pk}/",
        edit_data(operator, groups=[group(Role.OPERATOR), group(Role.TEACHER)]),
    )
    assert response.status_code == 302
    assert set(operator.groups.values_list("role__code", flat=True)) == {
        str(Role.OPERATOR),
        str(Role.TEACHER),
    }


def test_training_manager_cannot_make_an_administrator(client, training_manager, operator):
    client.force_login(training_manager)
    form = client.get(f"/admin/users/edit/{operator.pk}/").content.decode()
    assert 'name="is_superuser"' not in form
    client.post(f"/admin/users/edit/{operator.pk}/", edit_data(operator, is_superuser="on"))
    operator.refresh_from_db()
    assert not operator.is_superuser


@pytest.mark.parametrize("role", [Role.TRAINING_MANAGER, Role.EDITOR])
def test_training_manager_cannot_give_a_role_that_opens_the_admin(
    client, training_manager, operator, role
):
    client.force_login(training_manager)
    response = client.post(
        f"/admin/users/edit/{operator.pk}/",
        edit_data(operator, groups=[group(Role.OPERATOR), group(role)]),
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert list(operator.groups.values_list("role__code", flat=True)) == [str(Role.OPERATOR)]


@pytest.mark.parametrize("target", ["superuser", "editor", "other_manager"])
def test_training_manager_cannot_touch_an_admins_account(
    client, training_manager, make_user, target
):
    account = {
        "superuser": lambda: make_user(superuser=True, email="admin@example.org"),
        "editor": lambda: make_user(role=Role.EDITOR),
        "other_manager": lambda: make_user(role=Role.TRAINING_MANAGER),
    }[target]()
    client.force_login(training_manager)
    assert client.get(f"/admin/users/edit/{account.pk}/").status_code in (302, 403)
    response = client.post(
        f"/admin/users/edit/{account.pk}/",
        edit_data(
            account,
            email="taken-over@example.org",
            password1="Nuova-password-2026!",
            password2="Nuova-password-2026!",
        ),
    )
    assert response.status_code in (302, 403)
    account.refresh_from_db()
    assert account.email != "taken-over@example.org"
    assert not account.check_password("Nuova-password-2026!")


def test_training_manager_editing_themselves_keeps_their_own_role(client, training_manager):
    client.force_login(training_manager)
    response = client.post(
        f"/admin/users/edit/{training_manager.pk}/",
        edit_data(training_manager, first_name="Gestora", groups=[]),
    )
    assert response.status_code == 302
    training_manager.refresh_from_db()
    assert training_manager.first_name == "Gestora"
    assert training_manager.groups.filter(role__code=Role.TRAINING_MANAGER).exists()


def test_training_manager_creates_accounts_without_admin_rights(client, training_manager):
    client.force_login(training_manager)
    data = {
        "email": "nuovo.docente@example.org",
        "first_name": "Nuovo",
        "last_name": "Docente",
        "is_superuser": "on",
        "groups": [group(Role.TEACHER).pk],
        "password1": "Password-sicura-2026!",
        "password2": "Password-sicura-2026!",
        "centre": "",
        "job_title": "",
        "language": "it",
    }
    assert client.post("/admin/users/new/", data).status_code == 302
    created = User.objects.get(email="nuovo.docente@example.org")
    assert not created.is_superuser
    assert list(created.groups.values_list("role__code", flat=True)) == [str(Role.TEACHER)]

    data["email"] = "nuovo.gestore@example.org"
    data["groups"] = [group(Role.TRAINING_MANAGER).pk]
    assert client.post("/admin/users/new/", data).status_code == 200
    assert not User.objects.filter(email="nuovo.gestore@example.org").exists()


def test_superuser_still_gives_every_role(client, make_user, operator):
    admin = make_user(superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/users/edit/{operator.pk}/",
        edit_data(operator, groups=[group(Role.TRAINING_MANAGER)], is_superuser="on"),
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.is_superuser
    assert operator.groups.filter(role__code=Role.TRAINING_MANAGER).exists()


def test_bulk_assign_role_offers_no_admin_role_and_skips_admins(
    client, training_manager, operator, make_user
):
    superuser = make_user(superuser=True)
    client.force_login(training_manager)
    url = f"/admin/bulk/accounts/user/assign_role/?id={operator.pk}&id={superuser.pk}"
    page = client.get(url)
    assert page.status_code == 200
    offered = set(page.context["form"].fields["role"].queryset.values_list("role__code", flat=True))
    assert str(Role.TRAINING_MANAGER) not in offered
    assert str(Role.TEACHER) in offered

    response = client.post(url, {"role": group(Role.TRAINING_MANAGER).pk})
    assert response.status_code == 200
    assert not operator.groups.filter(role__code=Role.TRAINING_MANAGER).exists()

    client.post(url, {"role": group(Role.TEACHER).pk})
    assert operator.groups.filter(role__code=Role.TEACHER).exists()
    assert not superuser.groups.filter(role__code=Role.TEACHER).exists()


def test_bulk_deactivation_skips_admins(client, training_manager, operator, make_user):
    superuser = make_user(superuser=True)
    client.force_login(training_manager)
    url = f"/admin/bulk/accounts/user/set_active_state/?id={operator.pk}&id={superuser.pk}"
    client.post(url, {"mark_as_active": "False"})
    operator.refresh_from_db()
    superuser.refresh_from_db()
    assert not operator.is_active
    assert superuser.is_active
