"""Training managers manage every assessment, plan and visit; coaches support their centres.

On PostgreSQL the history and the actions' timelines refuse UPDATE and DELETE
(see website.core.migration_utils), and the entries of a closed assessment
refuse both as well: a closed assessment is frozen whoever connects.
"""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role, model_perms
from website.core.migration_utils import append_only

FROZEN_FUNCTION = """
CREATE OR REPLACE FUNCTION quality_closed_assessment_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM quality_assessment
        WHERE id = OLD.assessment_id AND status = 'closed'
    ) THEN
        RAISE EXCEPTION '% of a closed assessment: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
"""
FROZEN_TABLES = ("quality_individualentry", "quality_consensusentry")


def _frozen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FROZEN_FUNCTION, params=None)
    for table in FROZEN_TABLES:
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_frozen" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION quality_closed_assessment_frozen()",
            params=None,
        )


def _unfrozen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FROZEN_TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_frozen" ON "{table}"', params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS quality_closed_assessment_frozen()", params=None)


def grant(apps, schema_editor):
    grant_to_role(
        apps,
        "training_manager",
        ["quality.manage_quality", *model_perms("quality", "coachassignment")],
    )
    grant_to_role(apps, "coach", ["quality.coach_centres"])


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0002_caf2020"),
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("core", "0003_append_only_trigger_function"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        append_only("quality_historyentry"),
        append_only("quality_progressupdate"),
        migrations.RunPython(_frozen, _unfrozen, elidable=False),
    ]
