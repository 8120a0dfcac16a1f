"""Training managers manage packages (the capability, by role code); resets are kept for good."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role
from website.core.migration_utils import append_only


def grant(apps, schema_editor):
    grant_to_role(apps, "training_manager", ["packages.manage_packages"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("core", "0003_append_only_trigger_function"),
        ("packages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        append_only("packages_attemptreset", nullable_links=("by_id",)),
    ]
