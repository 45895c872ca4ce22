"""When each force last updated its own work, and which forces have gone quiet."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max

from forces.models import Force

from .models import HistoryEntry

# Changes a force makes itself: the inspectorate's own records do not count as an update.
FORCE_UPDATE_SUBJECTS = ["action plan", "action", "evidence", "submission"]


@dataclass(frozen=True)
class ForceActivity:
    force: Force
    last: datetime.datetime | None
    days_since: int | None
    quiet: bool


def force_activity(*, today: datetime.date, quiet_after_days: int) -> list[ForceActivity]:
    """Every force's last update, quiet forces first (longest silent at the top)."""
    last = dict(
        HistoryEntry.objects.filter(subject__in=FORCE_UPDATE_SUBJECTS, force__isnull=False)
        .values("force")
        .annotate(last=Max("at"))
        .values_list("force", "last")
    )
    rows = []
    for force in Force.objects.all():
        at = last.get(force.pk)
        days = (today - at.date()).days if at else None
        rows.append(ForceActivity(force, at, days, at is None or days > quiet_after_days))
    rows.sort(key=lambda r: (not r.quiet, r.last is not None, r.last or r.force.name))
    return rows
