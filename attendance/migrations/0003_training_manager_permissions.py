"""Training managers keep every register: they mark, read the history, close and reopen."""

from django.db import migrations

from website.accounts.migration_utils import grant

PERMS = [
    "attendance.add_attendancerecord",
    "attendance.change_attendancerecord",
    "attendance.view_attendancerecord",
    "attendance.view_attendancechange",
    "attendance.add_registerclosure",
    "attendance.delete_registerclosure",
    "attendance.view_registerclosure",
    "attendance.view_registerevent",
]


def give_permissions(apps, schema_editor):
    grant(apps, "Gestori della formazione", PERMS)


def take_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Gestori della formazione").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="attendance",
                codename__in=[perm.split(".")[1] for perm in PERMS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0002_register_events"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(give_permissions, take_permissions)]
