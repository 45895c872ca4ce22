"""The database itself refuses to rewrite the record: UPDATE and DELETE fail by trigger."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.history import Subject, log, write_transaction
from audit.models import HistoryEntry
from core import append_only
from recommendations.models import ProgressRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_record(durham, record):
    return record(durham, "R4-review", "met", "2018-09-20", note="Review seen")


@pytest.fixture
def an_entry(durham):
    with write_transaction():
        return log(by=None, force=durham, subject=Subject.PROGRESS_RECORD, summary="Recorded")


def refused(sql, params=()):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_every_append_only_table_has_its_triggers():
    assert append_only.installed() >= set(append_only.append_only_tables())
    assert {"recommendations_progressrecord", "audit_historyentry"} <= set(
        append_only.append_only_tables()
    )


def test_raw_sql_cannot_change_or_delete_a_progress_record(a_record):
    table = ProgressRecord._meta.db_table
    refused(f"UPDATE {table} SET status = 'in_progress' WHERE id = %s", [a_record.pk])
    refused(f"DELETE FROM {table} WHERE id = %s", [a_record.pk])
    a_record.refresh_from_db()
    assert a_record.status == "met"


def test_raw_sql_cannot_change_or_delete_a_history_entry(an_entry):
    table = HistoryEntry._meta.db_table
    refused(f"UPDATE {table} SET summary = 'nothing happened' WHERE id = %s", [an_entry.pk])
    refused(f"DELETE FROM {table} WHERE id = %s", [an_entry.pk])
    assert HistoryEntry.objects.get(pk=an_entry.pk).summary == "Recorded"


def test_the_orm_cannot_rewrite_them_either(a_record, an_entry):
    for attempt in (
        lambda: ProgressRecord.objects.filter(pk=a_record.pk).update(note="edited"),
        lambda: ProgressRecord.objects.filter(pk=a_record.pk).delete(),
        lambda: HistoryEntry.objects.all().delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    a_record.note = "edited"
    with pytest.raises(DatabaseError), transaction.atomic():
        a_record.save()
    assert ProgressRecord.objects.get(pk=a_record.pk).note == "Review seen"


def test_triggers_come_back_after_a_migration_rebuilds_a_table(a_record):
    # A migration that rebuilds a table (SQLite's way of altering one) drops its
    # triggers; they are installed again after every migrate.
    table = ProgressRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DROP TRIGGER "{table}_append_only" ON "{table}"')
        else:
            cursor.execute(f'DROP TRIGGER "{table}_no_update"')
            cursor.execute(f'DROP TRIGGER "{table}_no_delete"')
    assert table not in append_only.installed()
    append_only.install_after_migrate(sender=None)
    assert table in append_only.installed()
    refused(f"DELETE FROM {table} WHERE id = %s", [a_record.pk])
