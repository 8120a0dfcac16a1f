"""The PostgreSQL function behind every append-only table's trigger (see migration_utils)."""

from django.db import migrations

from website.core.migration_utils import append_only_function


class Migration(migrations.Migration):
    dependencies = [("core", "0002_periodic_job_run")]

    operations = [append_only_function()]
