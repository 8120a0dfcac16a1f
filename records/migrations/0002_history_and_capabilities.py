"""The declarations' history refuses UPDATE and DELETE on PostgreSQL, whoever connects;
training managers see everyone's yearly hours, set the targets and, as the events'
organisers, confirm who attended."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role, model_perms
from website.core.migration_utils import append_only


def grant(apps, schema_editor):
    grant_to_role(
        apps,
        "training_manager",
        [
            "records.view_all",
            "records.confirm_event_attendance",
            *model_perms("records", "yeartarget"),
            *model_perms("records", "grouptarget"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("core", "0003_append_only_trigger_function"),
    ]

    operations = [
        append_only("records_externaltrainingevent"),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
