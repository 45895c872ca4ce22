"""Who is owed which reminder or digest on a day: the schedule send_reminders follows.

For a day D (today in the UK, or ``--as-of``), with every standing from the one as-of
rule (``recommendations.progress.standings``):

* Before a due date, to each force's liaisons, for each of the force's milestones in
  its scope and neither met nor not applicable as of D: a reminder when it is due in
  30, 14 and 7 days. Each is owed from its day until the next one's (due in 30 to 15
  days: the 30-day reminder; 14 to 8: the 14-day; 7 to 0: the 7-day), so a day the
  command did not run is made up by the next run, and a reminder whose turn has passed
  unsent gives way to the next.
* Overdue, to the same liaisons: the day after the due date (day 1 overdue), then
  weekly while it stays overdue — days 8, 15, 22… Notice n is owed from day 7(n−1)+1
  until notice n+1 is. These cannot be turned off.
* To managers who have not turned digests off: a digest of everything overdue as of D
  (forces and national bodies), milestones overdue for more than 60 days
  (PEELTRACK_ESCALATE_AFTER_DAYS) marked escalated. Weekly: owed from Monday for the
  rest of that ISO week, so run daily it goes on Mondays, and a missed Monday is made
  up later that week. Not sent when nothing is overdue.
* To inspectors who have not turned digests off: a daily digest of the submissions
  waiting for assessment at the end of D, with the oldest's age. Not sent when none are.

Occasions carry the milestone's due date, so a due date that moves starts its
reminders afresh. Only active people with an email address are sent anything.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.access import Role
from core.dates import end_of_day
from plans.models import Submission
from policing_bodies import obligations
from policing_bodies.obligations import Obligation
from recommendations import progress
from recommendations.progress import Standing

from . import compose
from .delivery import Owed
from .models import Message

Kind = Message.Kind

# Days before the due date on which a reminder falls, latest first.
REMINDER_DAYS = (30, 14, 7)
OVERDUE_EVERY_DAYS = 7
DIGEST_WEEKDAY = "Monday"


def reminder_stage(days_until_due: int) -> int | None:
    """The reminder owed this many days before the due date (30, 14 or 7), if any."""
    if days_until_due < 0:
        return None
    owed = None
    for stage in REMINDER_DAYS:
        if days_until_due <= stage:
            owed = stage
    return owed


def overdue_number(days_overdue: int) -> int:
    """Which overdue notice is owed: 1 from day 1, 2 from day 8, 3 from day 15…"""
    return (days_overdue - 1) // OVERDUE_EVERY_DAYS + 1


def occasion_for(standing: Standing) -> tuple[str, str] | None:
    """(kind, occasion) of the reminder a force's standing is owed, if any."""
    milestone = standing.milestone
    if standing.force is None or standing.status in progress.DONE_STATUSES:
        return None
    if milestone.due_on is None:
        return None  # "as soon as possible": tracked, never reminded of nor overdue
    about = f"{milestone.code}:{standing.force.slug}:{milestone.due_on.isoformat()}"
    if standing.is_overdue:
        return Kind.OVERDUE, f"overdue-{overdue_number(standing.days_overdue)}:{about}"
    days = standing.days_until_due
    stage = reminder_stage(days) if days is not None else None
    if stage is None:
        return None
    return Kind.DUE_SOON, f"due-in-{stage}:{about}"


def response_stage(days_until_due: int) -> int | None:
    """The response reminder owed this many days before its due date (14 or 7), if any."""
    owed = None
    for stage in obligations.REMINDER_DAYS:
        if 0 <= days_until_due <= stage:
            owed = stage
    return owed


def response_reminders(
    rows: list[Obligation], liaisons: dict[int, list], inspectors: list, day: datetime.date
) -> list[Owed]:
    """Before a local policing body's response is due: each of the force's liaisons, and
    each inspector once for all the bodies of a report yet to respond, at 14 and 7 days."""
    owed: list[Owed] = []
    by_report: dict[tuple[int, int, datetime.date], list[Obligation]] = {}
    for row in rows:
        until = row.days_until_due
        stage = response_stage(until) if until is not None else None
        if stage is None or row.due_on is None:
            continue
        about = f"{row.report.slug}:{row.force.slug}:{row.due_on.isoformat()}"
        for person in liaisons.get(row.force.pk, []):
            owed.append(
                Owed(
                    recipient=person,
                    occasion=f"response-due-in-{stage}:{about}",
                    kind=Kind.RESPONSE_DUE_SOON,
                    compose=partial(compose.response_due_soon, person, row),
                    force=row.force,
                    as_of=day,
                )
            )
        by_report.setdefault((row.report.pk, stage, row.due_on), []).append(row)
    for (_report, stage, due), group in by_report.items():
        for person in inspectors:
            owed.append(
                Owed(
                    recipient=person,
                    occasion=f"responses-due-in-{stage}:{group[0].report.slug}:{due.isoformat()}",
                    kind=Kind.RESPONSE_DUE_SOON,
                    compose=partial(compose.responses_due_soon, person, group),
                    as_of=day,
                )
            )
    return owed


def week_of(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def people():
    """Everyone who may be sent something: active, with a role and an email address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=Role.values)
        .exclude(email="")
        .select_related("force", "notice_preferences")
        .order_by("pk")
    )


def wants_digests(person) -> bool:
    try:
        return person.notice_preferences.digests
    except get_user_model().notice_preferences.RelatedObjectDoesNotExist:
        return True


def waiting_at(day: datetime.date) -> list[Submission]:
    """Submissions waiting for assessment at the end of the day, oldest first."""
    end = end_of_day(day)
    return list(
        Submission.objects.filter(submitted_at__lt=end)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__gte=end))
        .select_related("force", "action_plan__recommendation")
        .order_by("submitted_at", "id")
    )


def owed_on(day: datetime.date) -> list[Owed]:
    """Every reminder and digest owed on the day, whether or not already sent."""
    everyone = list(people())
    liaisons: dict[int, list] = {}
    for person in everyone:
        if person.role == Role.LIAISON:
            liaisons.setdefault(person.force_id, []).append(person)
    managers = [p for p in everyone if p.role == Role.MANAGER and wants_digests(p)]
    inspectors = [p for p in everyone if p.role == Role.INSPECTOR and wants_digests(p)]

    owed: list[Owed] = []
    every = progress.standings(day) if liaisons or managers else []
    for standing in every:
        if standing.force is None or standing.force.pk not in liaisons:
            continue
        found = occasion_for(standing)
        if found is None:
            continue
        kind, occasion = found
        make = compose.overdue if kind == Kind.OVERDUE else compose.due_soon
        for person in liaisons[standing.force.pk]:
            owed.append(
                Owed(
                    recipient=person,
                    occasion=occasion,
                    kind=kind,
                    compose=partial(make, person, standing),
                    force=standing.force,
                    milestone=standing.milestone,
                    as_of=day,
                )
            )

    everyone_inspecting = [p for p in everyone if p.role == Role.INSPECTOR]
    owed_responses = (
        obligations.obligations(day) if liaisons or managers or everyone_inspecting else []
    )
    owed += response_reminders(owed_responses, liaisons, everyone_inspecting, day)

    behind = progress.sort_overdue(s for s in every if s.is_overdue)
    late = [o for o in owed_responses if o.status == obligations.OVERDUE]
    if behind or late:
        for person in managers:
            owed.append(
                Owed(
                    recipient=person,
                    occasion=f"overdue-digest:{week_of(day)}",
                    kind=Kind.OVERDUE_DIGEST,
                    compose=partial(compose.overdue_digest, person, behind, day, late),
                    as_of=day,
                )
            )

    waiting = waiting_at(day) if inspectors else []
    if waiting:
        for person in inspectors:
            owed.append(
                Owed(
                    recipient=person,
                    occasion=f"waiting-digest:{day.isoformat()}",
                    kind=Kind.WAITING_DIGEST,
                    compose=partial(compose.waiting_digest, person, waiting, day),
                    as_of=day,
                )
            )
    return owed
