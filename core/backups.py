"""Backups, and the drill that proves one restores.

A backup is PostgreSQL's own: `pg_dump --format=custom` of the database, which holds
the record, its history, and on PostgreSQL the evidence files too (core.storage keeps
them in the database unless PEELTRACK_EVIDENCE_STORAGE=disk); evidence kept on local
disk instead goes in a tar of MEDIA_ROOT beside the dump. The drill restores a backup
into a fresh database on the same server and compares it with the source: every
table's count of rows, each append-only table row for row (the history above all),
every evidence file as its record describes it (in the restored database, its bytes'
SHA-256 the one recorded on upload; on disk, in the tar at its recorded size), and the
overdue answers at three dates, computed by the same command managers use. A
difference is a failed drill.

pg_dump and pg_restore must be of the server's major version or newer; the one beside
the server (Debian's /usr/lib/postgresql/<major>/bin) is preferred.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from .append_only import append_only_tables
from .dates import today


class DrillFailed(Exception):
    pass


def tool(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    beside = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise DrillFailed(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _environment() -> dict[str, str]:
    """libpq's variables for the database settings name (never a password on a command
    line, where other users of the machine could read it)."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def database_url(name: str) -> str:
    """The address of another database on the same server, as DATABASE_URL writes it."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    host = quote(str(db.get("HOST") or ""), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def backup(folder: Path) -> Path:
    """Write a backup into `folder`; the dump's path (evidence on disk beside it, in
    .media.tar)."""
    if connection.vendor != "postgresql":
        raise DrillFailed("Backups are of PostgreSQL: set DATABASE_URL (SQLite: copy the file).")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dump = folder / f"peeltrack-{stamp}.dump"
    subprocess.run(
        [
            tool("pg_dump"),
            "--format=custom",
            f"--file={dump}",
            settings.DATABASES["default"]["NAME"],
        ],
        env=_environment(),
        check=True,
        capture_output=True,
    )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        with tarfile.open(dump.with_suffix(".media.tar"), "w") as archive:
            archive.add(media, arcname="media")
    return dump


def latest(folder: Path) -> Path:
    dumps = sorted(folder.glob("peeltrack-*.dump"))
    if not dumps:
        raise DrillFailed(f"No backup (peeltrack-*.dump) in {folder}")
    return dumps[-1]


@dataclass
class Drill:
    backup: Path
    database: str
    checked: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


def drill(dump: Path, *, keep: bool = False) -> Drill:
    """Restore `dump` into a fresh database and compare it with the source."""
    if connection.vendor != "postgresql":
        raise DrillFailed("The drill restores into PostgreSQL: set DATABASE_URL.")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    # The process too: two drills at once (two test processes, two operators) never share
    # a database.
    result = Drill(backup=dump, database=f"peeltrack_drill_{stamp}_{os.getpid()}")
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(result.database)))
    try:
        subprocess.run(
            [
                tool("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                f"--dbname={result.database}",
                str(dump),
            ],
            env=_environment(),
            check=True,
            capture_output=True,
        )
        result.checked.append(f"restored {dump.name} into {result.database}")
        _compare(result)
    finally:
        if not keep:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(result.database)
                    )
                )
    return result


def _manage(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A command of this site's, run against another database of the server."""
    env = dict(
        os.environ, DATABASE_URL=database_url(database), DJANGO_SETTINGS_MODULE="peeltrack.settings"
    )
    # The drill compares answers, so the restored copy must never send anything.
    env["PEELTRACK_DB_APP_ROLE"] = ""
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def _compare(result: Drill) -> None:
    for args in (("check",), ("migrate", "--check", "--plan")):
        done = _manage(result.database, *args)
        if done.returncode != 0:
            result.differences.append(f"manage.py {' '.join(args)}: {done.stderr.strip()[-500:]}")
        else:
            result.checked.append(f"manage.py {' '.join(args)} passes")

    restored = psycopg.connect(
        database_url(result.database).replace("postgres://", "postgresql://", 1)
    )
    with restored, connection.cursor() as here:
        tables = _tables(here)
        with restored.cursor() as there:
            if _tables(there) != tables:
                result.differences.append("the restored database has other tables")
            for table in tables:
                counted = [_count(c, table) for c in (here, there)]
                if counted[0] != counted[1]:
                    result.differences.append(
                        f"{table}: {counted[0]} rows here, {counted[1]} restored"
                    )
            result.checked.append(f"row counts of {len(tables)} tables")
            for table in append_only_tables():
                if table in tables and _digest(here, table) != _digest(there, table):
                    result.differences.append(f"{table}: rows differ from the source's")
            result.checked.append(
                "append-only tables row for row: " + ", ".join(append_only_tables())
            )
            _compare_evidence(result, there)
    for day in _three_dates():
        # The source's answer from this process; the restored one's from its own.
        source_answer = io.StringIO()
        call_command("overdue_report", as_of=day, stdout=source_answer)
        restored_answer = _manage(result.database, "overdue_report", "--as-of", day)
        if restored_answer.returncode or source_answer.getvalue() != restored_answer.stdout:
            result.differences.append(f"overdue as of {day}: the answers differ")
        else:
            rows = max(0, source_answer.getvalue().count("\n") - 1)
            result.checked.append(f"overdue as of {day}: the same {rows} rows")


def _compare_evidence(result: Drill, there: psycopg.Cursor[Any]) -> None:
    """Every evidence record's file is in the backup, as it was uploaded: in the
    restored database (its digest computed there, a file at a time), or in the tar of
    MEDIA_ROOT for files kept on disk."""
    evidence = apps.get_model("plans", "Evidence")._meta.db_table
    chunks = apps.get_model("core", "StoredFileChunk")._meta.db_table
    there.execute(
        sql.SQL("SELECT file, size, sha256 FROM {} ORDER BY id").format(sql.Identifier(evidence))
    )
    files = there.fetchall()
    on_disk = []
    for name, size, sha256 in files:
        there.execute(
            sql.SQL(
                "SELECT sum(length(data)), "
                "encode(sha256(string_agg(data, '' ORDER BY seq)), 'hex') FROM {} WHERE name = %s"
            ).format(sql.Identifier(chunks)),
            [name],
        )
        stored_size, stored_sha256 = there.fetchone() or (None, None)
        if stored_size is None:
            on_disk.append((name, size))
        elif (stored_size, stored_sha256) != (size, sha256):
            result.differences.append(f"evidence {name}: restored, but not as it was uploaded")
    if on_disk:
        media = result.backup.with_suffix(".media.tar")
        held = {}
        if media.exists():
            with tarfile.open(media) as archive:
                held = {m.name.removeprefix("media/"): m.size for m in archive.getmembers()}
        for name, size in on_disk:
            if held.get(name) != size:
                result.differences.append(f"evidence {name}: not in the backup as recorded")
    result.checked.append(
        f"{len(files)} evidence files in the backup "
        f"({len(files) - len(on_disk)} in the database, {len(on_disk)} on disk)"
    )


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _count(cursor, table: str) -> int:
    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
    return int(cursor.fetchone()[0])


def _digest(cursor, table: str) -> str:
    cursor.execute(
        sql.SQL(
            "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
        ).format(sql.Identifier(table))
    )
    return str(cursor.fetchone()[0])


def _three_dates() -> list[str]:
    """The first milestone's due date, the last's, and today: before, among and after."""
    milestones = apps.get_model("recommendations", "Milestone").objects
    dues = sorted(day for day in milestones.values_list("due_on", flat=True) if day is not None)
    days = [dues[0], dues[-1]] if dues else []
    days.append(today())
    return [day.isoformat() for day in days]
