"""Training managers manage the online part of every course and see every edition's progress."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(
        apps, "training_manager", ["learning.manage_online", "learning.view_all_progress"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("learning", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
