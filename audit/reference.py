"""When reference data changed: a token the database itself renews.

Reference data is what every page reads and people rarely change: the reports, their
items and milestones, the forces and national bodies, the inspections and their grades,
and the reasoned changes to them (due dates, scopes, grades). Each app lists its tables
in ``AppConfig.reference_data``; a trigger on each gives the data version row a new
random token (``DataVersion.reference``) whenever a statement inserts, updates or
deletes rows there, in the same transaction, by whatever door. A process may keep what
it read of those tables for as long as the token is the one it read them under
(recommendations.catalogue): no service has to remember to say so, and a change rolled
back leaves the earlier token, which still names what the tables hold.

Like the append-only triggers (core.append_only), these are (re)installed after every
migration, and installing them renews the token: rows a migration wrote while a table
had no trigger are then read afresh.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections

from core.triggers import tables_with_triggers

TOKEN_SQL = {
    "postgresql": "gen_random_uuid()::text",
    "sqlite": "lower(hex(randomblob(16)))",
}


def version_table() -> str:
    return apps.get_model("audit", "DataVersion")._meta.db_table


def renew_sql(vendor: str) -> str:
    """One statement: the version row with a new token (made if it is missing, as after
    a flush)."""
    table = version_table()
    return (
        f'INSERT INTO "{table}" (id, value, reference) VALUES (1, 0, {TOKEN_SQL[vendor]}) '
        "ON CONFLICT (id) DO UPDATE SET reference = excluded.reference"
    )


def reference_tables() -> list[str]:
    """The tables every app lists as reference data: a model's name, or a model's
    many-to-many field ("Milestone.scope_forces") for the table between."""
    tables = []
    for config in apps.get_app_configs():
        for name in getattr(config, "reference_data", ()):
            model_name, _, field = name.partition(".")
            model = config.get_model(model_name)
            if field:
                through = model._meta.get_field(field).remote_field.through  # type: ignore[union-attr]
                tables.append(through._meta.db_table)
            else:
                tables.append(model._meta.db_table)
    return sorted(tables)


def install(using: str = "default") -> None:
    """Create the token-renewing triggers on every reference table, then renew the token;
    safe to repeat."""
    connection = connections[using]
    vendor = connection.vendor
    existing = set(connection.introspection.table_names())
    if version_table() not in existing:
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION peeltrack_reference_changed() RETURNS trigger AS $$ "
                f"BEGIN {renew_sql(vendor)}; RETURN NULL; END; $$ LANGUAGE plpgsql"
            )
        for table in reference_tables():
            if table in existing:
                for statement in _statements(vendor, table):
                    cursor.execute(statement)
        cursor.execute(renew_sql(vendor))


def _statements(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        # Once a statement, and for TRUNCATE too (a flush empties the tables that way).
        return [
            f'DROP TRIGGER IF EXISTS "{table}_reference_changed" ON "{table}"',
            f'CREATE TRIGGER "{table}_reference_changed" '
            f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION peeltrack_reference_changed()",
        ]
    if vendor == "sqlite":
        # SQLite's triggers are a row's: each renews the token, the last one counts.
        return [
            f"""CREATE TRIGGER IF NOT EXISTS "{table}_reference_{event.lower()}"
            AFTER {event} ON "{table}"
            BEGIN {renew_sql(vendor)}; END"""
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"No reference-data triggers for {vendor}")


def installed(using: str = "default") -> set[str]:
    """The reference tables that have their triggers now (for checks and tests)."""
    return tables_with_triggers(
        using,
        "%_reference_changed",
        lambda table: {f"{table}_reference_{e}" for e in ("insert", "update", "delete")},
    )


def install_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    install(using)
