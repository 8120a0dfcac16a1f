"""Training managers keep every register, open or closed."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(apps, "training_manager", ["attendance.keep_any_register"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("attendance", "0005_append_only_triggers"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="attendancerecord",
            options={
                "ordering": [
                    "session__date",
                    "session__starts_at",
                    "user__last_name",
                    "user__first_name",
                ],
                "permissions": [("keep_any_register", "Tenere ogni registro, anche chiuso")],
                "verbose_name": "presenza",
                "verbose_name_plural": "presenze",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
