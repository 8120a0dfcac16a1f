"""Ranked full-text search over posts, on each database in its own way.

PostgreSQL: an expression GIN index on the posts' text as Italian words
(``to_tsvector('italian', source)``); ``forums.selectors.search_posts`` searches
through the very same expression, so the planner uses the index.

SQLite: an FTS5 table over the posts' text (external content: the text stays in
``forums_post`` only) kept in step by triggers on every insert, edit and delete,
bulk ones included. A migration that rebuilds ``forums_post`` on SQLite (Django
copies the table to alter a column) drops its triggers: such a migration must make
them again (``SQLITE_TRIGGERS``); tests/forums/test_search.py checks they exist.
"""

from django.db import migrations, models

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS forums_post_search_idx ON forums_post "
    "USING gin (to_tsvector('italian'::regconfig, source))"
)
PG_DROP = "DROP INDEX IF EXISTS forums_post_search_idx"

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS forums_post_fts USING fts5("
    "source, content='forums_post', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS forums_post_fts_insert AFTER INSERT ON forums_post BEGIN
        INSERT INTO forums_post_fts(rowid, source) VALUES (new.id, new.source);
    END""",
    """CREATE TRIGGER IF NOT EXISTS forums_post_fts_delete AFTER DELETE ON forums_post BEGIN
        INSERT INTO forums_post_fts(forums_post_fts, rowid, source)
        VALUES ('delete', old.id, old.source);
    END""",
    """CREATE TRIGGER IF NOT EXISTS forums_post_fts_update AFTER UPDATE OF source ON forums_post
    BEGIN
        INSERT INTO forums_post_fts(forums_post_fts, rowid, source)
        VALUES ('delete', old.id, old.source);
        INSERT INTO forums_post_fts(rowid, source) VALUES (new.id, new.source);
    END""",
]
SQLITE_REBUILD = "INSERT INTO forums_post_fts(forums_post_fts) VALUES ('rebuild')"
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS forums_post_fts_insert",
    "DROP TRIGGER IF EXISTS forums_post_fts_delete",
    "DROP TRIGGER IF EXISTS forums_post_fts_update",
    "DROP TABLE IF EXISTS forums_post_fts",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_INDEX, params=None)
    elif vendor == "sqlite":
        for statement in [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_REBUILD]:
            schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("forums", "0005_forum_capabilities")]

    operations = [
        migrations.CreateModel(
            name="PostSearchEntry",
            fields=[
                (
                    "post",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="forums.post",
                    ),
                ),
                ("source", models.TextField()),
            ],
            options={"db_table": "forums_post_fts", "managed": False},
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
