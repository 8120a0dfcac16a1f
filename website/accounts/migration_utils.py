"""Helpers for data migrations that give roles their permissions.

Django creates permissions after the last migration has run, so a data
migration that grants them must create them first.
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, perms):
    """Give the group each permission in ``perms`` ("app_label.codename")."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def grant_to_role(apps, code, perms):
    """Give the group of the role ``code`` each permission in ``perms``, whatever its name."""
    ensure_permissions(apps)
    RoleGroup = apps.get_model("accounts", "RoleGroup")
    Permission = apps.get_model("auth", "Permission")
    group = RoleGroup.objects.get(code=code).group
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def model_perms(app_label, model_name, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model_name}" for action in actions]
