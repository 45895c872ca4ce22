"""The change history: every write service adds one entry in the same transaction."""

from __future__ import annotations

from forces.models import Force

from .models import HistoryEntry


def log(
    *,
    by,
    subject: str,
    summary: str,
    force: Force | None = None,
    subject_id: int | None = None,
    changes: dict | None = None,
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        force=force,
        subject=subject,
        subject_id=subject_id,
        summary=summary,
        changes=_jsonable(changes or {}),
    )


def _jsonable(changes: dict) -> dict:
    return {
        key: [str(v) if v is not None else None for v in value]
        if isinstance(value, (list, tuple))
        else (str(value) if value is not None else None)
        for key, value in changes.items()
    }
