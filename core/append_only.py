"""Tables that only ever grow: the database itself refuses UPDATE and DELETE on them.

Progress records, the change history and the other reasoned-change tables are the
record people rely on; Python's promise not to rewrite them is not enough, because an
ORM ``.update()``, a raw query or a future bug could. Each app lists its append-only
models in ``AppConfig.append_only`` and the triggers are (re)installed after every
migration: a migration that rebuilds a table on SQLite drops the table's triggers
with it, so installing them only once would not be safe.

Emptying the whole database (``flush``) stays possible: PostgreSQL's TRUNCATE fires no
row triggers, and peeltrack's SQLite backend allows it for that one command.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .triggers import tables_with_triggers

REFUSAL = "is append-only: add a new row (a correction) instead of changing or deleting one"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION peeltrack_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% {REFUSAL}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def append_only_tables() -> list[str]:
    tables = []
    for config in apps.get_app_configs():
        for model_name in getattr(config, "append_only", ()):
            tables.append(config.get_model(model_name)._meta.db_table)
    return sorted(tables)


def install(using: str = "default") -> None:
    """Create the refusing triggers on every append-only table; safe to repeat."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table in append_only_tables():
            if table not in existing:
                continue
            for statement in _statements(connection.vendor, table):
                cursor.execute(statement)


def _statements(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"',
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION peeltrack_refuse_rewrite()",
        ]
    if vendor == "sqlite":
        return [
            f"""CREATE TRIGGER IF NOT EXISTS "{table}_no_{event.lower()}"
            BEFORE {event} ON "{table}"
            WHEN peeltrack_rewrites_allowed() = 0
            BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"""
            for event in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor}")


def drop_triggers(connection: BaseDatabaseWrapper, table: str) -> None:
    """For a migration that must reshape an append-only table's existing rows (a column
    made from another): its triggers go, and post_migrate installs them again when the
    migration run ends. Nothing else may call this."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
        else:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_update"')
            cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_delete"')


def installed(using: str = "default") -> set[str]:
    """The append-only tables that have their triggers now (for checks and tests)."""
    return tables_with_triggers(
        using, "%_append_only", lambda table: {f"{table}_no_update", f"{table}_no_delete"}
    )


def install_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    install(using)
