"""Posts keep their Italian words, so that ranking a search reads them instead of parsing
every matching post's text again.

PostgreSQL: ``forums_post.search_vector``, a stored generated column
(``to_tsvector('italian', source)``, computed by the database on every insert and edit,
bulk ones included) under a GIN index that replaces 0006's expression index.

SQLite: the column exists and stays NULL (FTS5's table of 0006 does the job there). SQLite
cannot add a stored column to a table: Django rebuilds ``forums_post``, which drops its
triggers, so they are made again here (and again after the column is removed, on the way
back).
"""

from importlib import import_module

import django.contrib.postgres.search
from django.db import migrations, models

import forums.search

full_text = import_module("forums.migrations.0006_post_full_text_search")

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS forums_post_search_vector_idx ON forums_post "
    "USING gin (search_vector)"
)
PG_DROP = "DROP INDEX IF EXISTS forums_post_search_vector_idx"


def _sqlite_triggers(schema_editor):
    for statement in full_text.SQLITE_TRIGGERS:
        schema_editor.execute(statement, params=None)


def index_the_column(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(full_text.PG_DROP, params=None)
        schema_editor.execute(PG_INDEX, params=None)
    elif vendor == "sqlite":
        _sqlite_triggers(schema_editor)


def index_the_expression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
        schema_editor.execute(full_text.PG_INDEX, params=None)


def triggers_after_removal(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("forums", "0006_post_full_text_search")]

    operations = [
        # Backwards this runs last, after the column's removal rebuilt the table.
        migrations.RunPython(migrations.RunPython.noop, triggers_after_removal, elidable=False),
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=forums.search.ItalianWords("source"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="parole per la ricerca",
            ),
        ),
        migrations.RunPython(index_the_column, index_the_expression, elidable=False),
    ]
