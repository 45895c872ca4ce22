"""Which tables have a set of triggers installed: for the database's own guards
(core.append_only, audit.reference), read back by their checks and tests."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections


def tables_with_triggers(
    using: str, postgres_name_like: str, sqlite_names: Callable[[str], set[str]]
) -> set[str]:
    """The tables whose triggers are in place: on PostgreSQL, those with a trigger named
    LIKE `postgres_name_like`; on SQLite, those with every one of `sqlite_names(table)`."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                [postgres_name_like],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        names: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            names.setdefault(table, set()).add(name)
        return {table for table, found in names.items() if sqlite_names(table) <= found}
