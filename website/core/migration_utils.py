"""Append-only tables, enforced by PostgreSQL itself.

A trigger refuses every UPDATE and DELETE on the tables that funders and
auditors rely on (the register's history, certificates' events, the
moderation log), whoever connects: the application's role, the tables'
owner, a superuser at a console. Privileges would not do: the owner holds
them implicitly and may grant them back, a superuser ignores them.

TRUNCATE fires no row trigger, so Django's ``flush`` (used between
transactional tests) still empties the tables. SQLite gets no trigger: its
``flush`` deletes row by row and would be refused; there the models'
``AppendOnlyModel`` guard holds instead.
"""

from django.db import migrations

FUNCTION = "aula_append_only"

# Trigger arguments name the link columns an UPDATE may empty (what a
# ``SET_NULL`` from a deleted parent does); every other change is refused.
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kept jsonb;
    changed jsonb;
    link text;
BEGIN
    -- The retention job, at the end of the kept records' period (website.core.retention).
    IF TG_OP = 'DELETE' AND current_setting('aula.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        kept := to_jsonb(OLD);
        changed := to_jsonb(NEW);
        IF TG_NARGS > 0 THEN
            FOREACH link IN ARRAY TG_ARGV LOOP
                IF changed -> link = 'null'::jsonb THEN
                    kept := kept - link;
                    changed := changed - link;
                END IF;
            END LOOP;
        END IF;
        IF kept = changed THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Rows of this table are kept for good and never edited or deleted.';
END;
$$;
"""

DROP_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}()"


def _on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


def append_only_function():
    """The trigger function every append-only table uses (created once, in ``core``)."""
    return migrations.RunPython(
        _on_postgresql(CREATE_FUNCTION), _on_postgresql(DROP_FUNCTION), elidable=False
    )


def append_only_function_with_retention():
    """The same function, letting the retention job delete rows whose period has ended."""
    return migrations.RunPython(
        _on_postgresql(CREATE_FUNCTION), migrations.RunPython.noop, elidable=False
    )


def append_only(table, *, deletes_only=False, nullable_links=()):
    """Refuse UPDATE and DELETE on ``table`` (only DELETE with ``deletes_only``)."""
    trigger = f"{table}_append_only"
    events = "DELETE" if deletes_only else "UPDATE OR DELETE"
    arguments = ", ".join(f"'{column}'" for column in nullable_links)
    create = (
        f'CREATE TRIGGER "{trigger}" BEFORE {events} ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({arguments})"
    )
    drop = f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}"'
    return migrations.RunPython(_on_postgresql(create), _on_postgresql(drop), elidable=False)
