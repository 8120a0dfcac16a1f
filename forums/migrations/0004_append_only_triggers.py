"""On PostgreSQL, the moderation log refuses DELETE and every UPDATE but one: an
author withdrawing their own topic or post empties the entry's link to it."""

from django.db import migrations

from website.core.migration_utils import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0003_moderation_log_protected"),
        ("core", "0003_append_only_trigger_function"),
    ]

    operations = [append_only("forums_moderationaction", nullable_links=("topic_id", "post_id"))]
