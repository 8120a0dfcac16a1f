"""On PostgreSQL the audit log refuses UPDATE and DELETE, whoever connects (only the
actor's link may be emptied when an account goes); training managers read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from website.core.migration_utils import append_only


def grant_readers(apps, schema_editor):
    # The permission is created after the last migration: create it now to grant it.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    RoleGroup = apps.get_model("accounts", "RoleGroup")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    for role in RoleGroup.objects.filter(code="training_manager").select_related("group"):
        role.group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("core", "0003_append_only_trigger_function"),
        ("accounts", "0004_role_codes_and_affiliation_capability"),
    ]

    operations = [
        append_only("audit_auditentry", nullable_links=("actor_id",)),
        migrations.RunPython(grant_readers, migrations.RunPython.noop),
    ]
