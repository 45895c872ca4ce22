"""The change history and the data version: every write service goes through here.

A write service opens :func:`write_transaction` (not ``transaction.atomic``) and adds
one :func:`log` entry for each change, in words, inside that transaction. Nothing is
written without its history entry, and the data version moves with every write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import translation

from .models import DataVersion, HistoryEntry

if TYPE_CHECKING:
    from core.access import Person
    from forces.models import Force

Subject = HistoryEntry.Subject

# Sent when a write transaction ends (committed or not).
written = Signal()


class Entry(TypedDict):
    """One entry for :func:`log_many`: :func:`log`'s arguments."""

    by: Person | None
    subject: HistoryEntry.Subject
    summary: str
    force: NotRequired[Force | None]
    subject_id: NotRequired[int | None]
    changes: NotRequired[Mapping[str, object] | None]


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction for a change to the record, with the data version moved first.

    The version row is locked before anything else, always, so concurrent writers
    queue on it in one order and cannot deadlock on each other's rows.
    """
    try:
        with transaction.atomic():
            updated = DataVersion.objects.filter(pk=1).update(value=F("value") + 1)
            if not updated:
                DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
            yield
    finally:
        # What a request read before it wrote may be out of date now (for those who
        # keep reference data: recommendations.catalogue).
        written.send(sender=write_transaction)


def data_version() -> int:
    """Changes to the record so far; any write makes it larger."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def log(
    *,
    by: Person | None,
    subject: HistoryEntry.Subject,
    summary: str,
    force: Force | None = None,
    subject_id: int | None = None,
    changes: Mapping[str, object] | None = None,
) -> HistoryEntry:
    """Add one entry; call it inside the write_transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("History is written inside the change's own write_transaction().")
    return HistoryEntry.objects.create(**_entry(by, subject, summary, force, subject_id, changes))


def log_many(entries: Iterable[Entry]) -> None:
    """Add many entries at once (imports): each dict takes log()'s arguments."""
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(
                **_entry(
                    e["by"],
                    e["subject"],
                    e["summary"],
                    e.get("force"),
                    e.get("subject_id"),
                    e.get("changes"),
                )
            )
            for e in entries
        ],
        batch_size=2000,
    )


def _entry(
    by: Person | None,
    subject: HistoryEntry.Subject,
    summary: str,
    force: Force | None,
    subject_id: int | None,
    changes: Mapping[str, object] | None,
) -> dict[str, Any]:
    return {
        "by": by if by is not None and by.is_authenticated else None,
        "force": force,
        "subject": subject,
        "subject_id": subject_id,
        "summary": summary,
        "changes": _jsonable(changes or {}),
    }


def _jsonable(changes: Mapping[str, object]) -> dict[str, object]:
    def plain(value: object) -> object:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return str(value)

    return {key: plain(value) for key, value in changes.items()}


def in_english() -> translation.override:
    """The history is written in English whatever the page's language (it is read as it
    was written, like the reports' own words): its sentences are built inside this."""
    return translation.override(settings.LANGUAGE_CODE)


def day(value: datetime.date | None) -> str:
    """A date as history sentences write it: 28 Feb 2019."""
    return value.strftime("%-d %b %Y") if value else "none"


def reference_token() -> str | None:
    """The token the reference data holds now (audit.reference): a new one after every
    change to it. None when there is no version row yet."""
    found: str | None = DataVersion.objects.filter(pk=1).values_list("reference", flat=True).first()
    return found
