"""On PostgreSQL the audit log refuses UPDATE and DELETE, whoever connects (only the
actor's link may be emptied when an account goes), and unlike the registers it refuses
DELETE even to the retention job; training managers read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from website.core.migration_utils import append_only

NEVER_DELETED = """
CREATE OR REPLACE FUNCTION aula_audit_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: DELETE refused', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'The audit log is never deleted, not even by the retention job.';
END;
$$;
CREATE TRIGGER "audit_auditentry_never_deleted" BEFORE DELETE ON "audit_auditentry"
    FOR EACH ROW EXECUTE FUNCTION aula_audit_never_deleted();
"""
FORGET_NEVER_DELETED = """
DROP TRIGGER IF EXISTS "audit_auditentry_never_deleted" ON "audit_auditentry";
DROP FUNCTION IF EXISTS aula_audit_never_deleted();
"""


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)

    return run


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
        migrations.RunPython(
            _on_postgresql(NEVER_DELETED), _on_postgresql(FORGET_NEVER_DELETED), elidable=False
        ),
        migrations.RunPython(grant_readers, migrations.RunPython.noop),
    ]
