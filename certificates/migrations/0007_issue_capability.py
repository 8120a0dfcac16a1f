"""Training managers issue, reissue and revoke certificates."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(apps, "training_manager", ["certificates.issue"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("certificates", "0006_append_only_triggers"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="certificate",
            options={
                "ordering": ["-issued_at", "-pk"],
                "permissions": [("issue", "Emettere, riemettere e revocare attestati")],
                "verbose_name": "attestato",
                "verbose_name_plural": "attestati",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
