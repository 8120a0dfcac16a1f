"""Append-only rows may be deleted by the retention job, and only by it, once the period for
which funders require them has ended (see website.core.retention)."""

from django.db import migrations

from website.core.migration_utils import append_only_function_with_retention


class Migration(migrations.Migration):
    dependencies = [("core", "0004_counter_batch")]

    operations = [append_only_function_with_retention()]
