"""Training managers manage resources in the Wagtail admin."""

from django.db import migrations

from website.accounts.migration_utils import grant, model_perms


def grant_resource_permissions(apps, schema_editor):
    grant(apps, "Gestori della formazione", model_perms("resources", "resource"))


def revoke_resource_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Gestori della formazione").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="resources", codename__endswith="_resource")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_resource_permissions, revoke_resource_permissions)]
