"""Training managers manage the whole course structure and its enrolments in the admin."""

from django.db import migrations

from website.accounts.migration_utils import grant, model_perms

MODELS = ["programme", "course", "edition", "session", "enrolment"]


def give_permissions(apps, schema_editor):
    perms = [perm for model in MODELS for perm in model_perms("courses", model)]
    grant(apps, "Gestori della formazione", perms)


def take_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Gestori della formazione").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="courses", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_places_waiting_list_calendars_reminders"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(give_permissions, take_permissions)]
