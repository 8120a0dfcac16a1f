"""On PostgreSQL, a GIN index on what the full-text search actually matches.

Wagtail's database search backend matches ``title || body`` of its index
entries, an expression that the separate GIN indexes on ``title`` and ``body``
cannot serve, so each search read every entry. Measured on the demo at
``--scale 200`` (7,000 pages, 15,000 entries), a search page went from 75–410 ms
to 24–29 ms. SQLite uses its own FTS5 table and needs nothing.
"""

from django.db import migrations

INDEX = "cms_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING GIN ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_channel_sections"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
