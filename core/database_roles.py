"""Least privilege in PostgreSQL: an owner role that migrations run as, and an
application role that the site and the workers connect as.

The application role owns nothing, so it cannot ALTER a table, disable its triggers or
drop it; it is never granted TRUNCATE; and on the append-only tables (core.append_only)
it may only SELECT and INSERT, so the history cannot be rewritten even by a bug that
slipped past the triggers. Every other table gets what the site needs of it: SELECT,
INSERT, UPDATE and DELETE (sessions expire, action plans change, counters reset).
Django's own record of applied migrations is read-only to it.

`grant` is run again after every migration (core.apps connects it to post_migrate,
when settings.PEELTRACK_DB_APP_ROLE names the role), so a table a later migration adds
gets the right grants in the same run, never the broad default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

from .append_only import append_only_tables

# Read by the site (the readiness check) but written only by `migrate`, as the owner.
READ_ONLY_TABLES = ("django_migrations",)


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str


def create(
    connection: BaseDatabaseWrapper,
    roles: Roles,
    *,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> list[str]:
    """Create the two roles if they are missing, make the owner own the schema and every
    table and sequence in it, and grant the application role its share. Run as a
    superuser (or a role with CREATEROLE that owns the tables now). Safe to repeat."""
    done = []
    with connection.cursor() as cursor:
        for name, password in ((roles.owner, owner_password), (roles.app, app_password)):
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            statement = sql.SQL(
                "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
            ).format(sql.SQL(verb), sql.Identifier(name))
            if password:
                statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            cursor.execute(statement)
            done.append(f"{verb.lower()}d role {name}")
        database = sql.Identifier(connection.settings_dict["NAME"])
        owner, app = sql.Identifier(roles.owner), sql.Identifier(roles.app)
        cursor.execute(
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}, {}").format(
                database, owner, app
            )
        )
        cursor.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner))
        # Nobody else may create objects in the schema (PostgreSQL before 15 let anyone).
        cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for kind, table in _objects(cursor, owned_by_a_table=False):
            cursor.execute(
                sql.SQL("ALTER {} {} OWNER TO {}").format(
                    sql.SQL(kind), sql.Identifier(table), owner
                )
            )
        done.append(f"{roles.owner} owns the schema and its tables")
    done += grant(connection, roles)
    return done


def grant(connection: BaseDatabaseWrapper, roles: Roles) -> list[str]:
    """The application role's privileges, table by table, from nothing: whatever it had
    before is revoked first, so a grant this module no longer gives does not linger."""
    append_only = set(append_only_tables())
    app = sql.Identifier(roles.app)
    counts = {"append-only": 0, "read-only": 0, "read-write": 0}
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app))
        cursor.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(app))
        cursor.execute(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(app))
        for kind, name in _objects(cursor):
            target = sql.Identifier(name)
            if kind == "SEQUENCE":
                cursor.execute(
                    sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(target, app)
                )
                continue
            if name in append_only:
                privileges, key = "SELECT, INSERT", "append-only"
            elif name in READ_ONLY_TABLES:
                privileges, key = "SELECT", "read-only"
            else:
                privileges, key = "SELECT, INSERT, UPDATE, DELETE", "read-write"
            cursor.execute(
                sql.SQL("GRANT {} ON TABLE {} TO {}").format(sql.SQL(privileges), target, app)
            )
            counts[key] += 1
    return [f"{roles.app}: {count} {key} tables" for key, count in counts.items()]


def _objects(cursor, *, owned_by_a_table: bool = True) -> list[tuple[str, str]]:
    """("TABLE" or "SEQUENCE", name) for every table and sequence of the schema; without
    the sequences a table's identity column owns (`owned_by_a_table=False`), which change
    owner with their table and refuse to alone."""
    cursor.execute(
        "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') "
        "AND (%s OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
        "AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))) ORDER BY 2",
        [owned_by_a_table],
    )
    return list(cursor.fetchall())


def configured() -> Roles | None:
    """The roles the installation names (PEELTRACK_DB_OWNER_ROLE, PEELTRACK_DB_APP_ROLE),
    or None where it names no application role."""
    app = getattr(settings, "PEELTRACK_DB_APP_ROLE", "")
    if not app:
        return None
    return Roles(
        owner=getattr(settings, "PEELTRACK_DB_OWNER_ROLE", "") or "peeltrack_owner", app=app
    )


def grant_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    roles = configured()
    connection = connections[using]
    if roles is not None and connection.vendor == "postgresql":
        grant(connection, roles)
