"""Training managers read and moderate every forum; staff start topics in announcements forums."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(apps, "training_manager", ["forums.moderate_all", "forums.post_announcements"])
    grant_to_role(apps, "teacher", ["forums.post_announcements"])
    grant_to_role(apps, "coach", ["forums.post_announcements"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("forums", "0004_append_only_triggers"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="forum",
            options={
                "ordering": ["position", "title"],
                "permissions": [
                    ("moderate_all", "Leggere e moderare ogni forum"),
                    ("post_announcements", "Aprire discussioni nei forum degli avvisi"),
                ],
                "verbose_name": "forum",
                "verbose_name_plural": "forum",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
