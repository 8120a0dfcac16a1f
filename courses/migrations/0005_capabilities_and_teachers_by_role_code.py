"""Training managers manage the programme and decide enrolments: capabilities now, not model permissions."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(
        apps, "training_manager", ["courses.manage_programme", "courses.manage_enrolment"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("courses", "0004_session_cancellation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="enrolment",
            options={
                "ordering": ["requested_at", "id"],
                "permissions": [("manage_enrolment", "Decidere le iscrizioni di ogni edizione")],
                "verbose_name": "iscrizione",
                "verbose_name_plural": "iscrizioni",
            },
        ),
        migrations.AlterModelOptions(
            name="programme",
            options={
                "ordering": ["-starts_on", "title"],
                "permissions": [
                    ("manage_programme", "Gestire piani, corsi ed edizioni, anche non pubblicati")
                ],
                "verbose_name": "piano formativo",
                "verbose_name_plural": "piani formativi",
            },
        ),
        migrations.AlterField(
            model_name="edition",
            name="teachers",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to={"groups__role__code": "teacher", "is_active": True},
                related_name="taught_editions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="docenti",
            ),
        ),
        migrations.AlterField(
            model_name="session",
            name="teacher",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"groups__role__code": "teacher", "is_active": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="taught_sessions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="docente della giornata",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
