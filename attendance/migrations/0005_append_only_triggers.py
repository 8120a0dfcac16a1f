"""On PostgreSQL, the register's history and events refuse UPDATE and DELETE, and
attendance records refuse DELETE, whoever connects (see website.core.migration_utils)."""

from django.db import migrations

from website.core.migration_utils import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0004_history_outlives_days_and_editions"),
        ("core", "0003_append_only_trigger_function"),
    ]

    operations = [
        append_only("attendance_attendancechange"),
        append_only("attendance_registerevent"),
        append_only("attendance_attendancerecord", deletes_only=True),
    ]
