"""The 56-day rule: for each report that asks for responses, each local policing body's
response as an obligation, as of a day and as known at the end of a day. Every page,
file, reminder and digest about responses reads it from here.

Police Act 1996 s55(5A) (inserted by the Policing and Crime Act 2017 s37): the body must
publish its comments "before the end of the period of 56 days beginning with the day on
which the report is published". The publication day is day 1 of the 56, so the last day
on time is the publication day + 55 (`due_on`). Where the report's file gives only a
month or year, the day is what an inspector set (PublicationDay); until one is set the
deadline is unknown, never guessed.

The forces a report addresses are those with any of its force milestones in scope on
the day it was published (the first of its month while the day is unknown)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_noop

from core import access
from forces.models import Force
from recommendations import progress
from recommendations.models import Milestone, Precision, Report
from recommendations.progress import LATEST, Knowledge

from .models import LocalPolicingBody, PublicationDay, Response

if TYPE_CHECKING:
    from core.access import Person

PERIOD_DAYS = 56
REMINDER_DAYS = (14, 7)

# Statuses, in the order pages count them: what needs someone first.
OVERDUE = "overdue"
DUE = "due"
UNKNOWN = "unknown"
MET_LATE = "met_late"
MET = "met"
# In English, as the data files give them; pages translate them as they show them.
STATUSES = {
    OVERDUE: gettext_noop("Overdue"),
    DUE: gettext_noop("Not yet due"),
    UNKNOWN: gettext_noop("Deadline unknown"),
    MET_LATE: gettext_noop("Published late"),
    MET: gettext_noop("Published on time"),
}


def due_on(published_on: datetime.date) -> datetime.date:
    """The last day of the 56-day period that begins on the day of publication."""
    return published_on + datetime.timedelta(days=PERIOD_DAYS - 1)


@dataclass(frozen=True)
class Obligation:
    """One local policing body's response to one report, as of a day."""

    report: Report
    force: Force
    # The bodies that may have held the role on the day of publication: one when known.
    bodies: tuple[LocalPolicingBody, ...]
    # The day the report was published; None while only the month or year is known.
    report_published_on: datetime.date | None
    response: Response | None
    as_of: datetime.date

    @property
    def body(self) -> LocalPolicingBody | None:
        return self.bodies[0] if len(self.bodies) == 1 else None

    @property
    def body_name(self) -> str:
        if self.body is not None:
            return self.body.name
        if self.bodies:
            return "Not known: " + " or ".join(b.name for b in self.bodies)
        return "Not known"

    @property
    def local_body_name(self) -> str:
        """`body_name` for a page, in its language (the data files keep `body_name`)."""
        if self.body is not None:
            return self.body.local_name
        if self.bodies:
            return gettext("Not known: %(bodies)s") % {
                "bodies": gettext(" or ").join(b.local_name for b in self.bodies)
            }
        return gettext("Not known")

    @property
    def due_on(self) -> datetime.date | None:
        published = self.report_published_on
        return due_on(published) if published is not None else None

    @property
    def status(self) -> str:
        due = self.due_on
        if due is None:
            return UNKNOWN
        if self.response is not None:
            return MET if self.response.published_on <= due else MET_LATE
        return OVERDUE if self.as_of > due else DUE

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def days_overdue(self) -> int:
        due = self.due_on
        return (self.as_of - due).days if self.status == OVERDUE and due else 0

    @property
    def days_late(self) -> int:
        due = self.due_on
        if self.status != MET_LATE or due is None or self.response is None:
            return 0
        return (self.response.published_on - due).days

    @property
    def days_until_due(self) -> int | None:
        due = self.due_on
        return (due - self.as_of).days if self.status == DUE and due else None

    @property
    def answers_every_recommendation(self) -> bool | None:
        return self.response.answers_every_recommendation if self.response else None


def publication_day(report: Report, days: Iterable[PublicationDay] = ()) -> datetime.date | None:
    """The day the report was published: its file's, when the file gives the day, else
    the latest an inspector set (of `days`, in the order entered)."""
    if report.published_on is not None and report.published_precision == Precision.DAY:
        return report.published_on
    latest = None
    for entry in days:
        if entry.report_id == report.pk:
            latest = entry.published_on
    return latest


def obligations(
    as_of: datetime.date,
    knowledge: Knowledge = LATEST,
    *,
    reports: Iterable[Report] | None = None,
    forces: Iterable[Force] | None = None,
) -> list[Obligation]:
    """Every response owed to the reports (those asking for responses, loaded by the end
    of the known-on day), for the forces given (default: all), by report newest first
    and then force name."""
    cutoff = knowledge.cutoff
    if reports is None:
        reports = Report.objects.filter(responses_required=True)
        if cutoff is not None:
            reports = reports.filter(loaded_at__lt=cutoff)
    shown = [r for r in reports if r.responses_required]
    if not shown:
        return []
    every_force = list(forces if forces is not None else Force.objects.order_by("name"))
    days = PublicationDay.objects.filter(report__in=shown).order_by("recorded_at", "id")
    responses = Response.objects.filter(report__in=shown, force__in=every_force)
    if cutoff is not None:
        days = days.filter(recorded_at__lt=cutoff)
        responses = responses.filter(recorded_at__lt=cutoff)
    day_list = list(days)
    latest: dict[tuple[int, int], Response] = {}
    for response in responses.order_by("recorded_at", "id"):
        if response.published_on <= as_of:
            latest[(response.report_id, response.force_id)] = response
    bodies: dict[int, list[LocalPolicingBody]] = {}
    for body in LocalPolicingBody.objects.filter(force__in=every_force).order_by("since", "id"):
        bodies.setdefault(body.force_id, []).append(body)
    milestones = list(
        Milestone.objects.for_the_rule().filter(
            recommendation__report__in=shown, owner=Milestone.Owner.FORCES
        )
    )
    found = []
    for report in shown:
        published = publication_day(report, day_list)
        # While only the month is known, whoever was in scope at its start.
        day = published or report.published_on or as_of
        mine = [m for m in milestones if m.recommendation.report_id == report.pk]
        addressed = {f for _m, f in progress.scope_as_of(day, mine, every_force, knowledge)}
        for force in every_force:
            if force.pk not in addressed:
                continue
            if published is not None:
                holders = tuple(b for b in bodies.get(force.pk, []) if b.may_hold_on(day))
            else:
                # Only the month (or year) is known: the body is known if only one may
                # have held the role on any day of it.
                holders = _within(bodies.get(force.pk, []), report)
            found.append(
                Obligation(
                    report=report,
                    force=force,
                    bodies=holders,
                    report_published_on=published,
                    response=latest.get((report.pk, force.pk)),
                    as_of=as_of,
                )
            )
    return found


def stated_period(report: Report) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of what the report's file gives of its publication: the
    day, the month or the year (None when it gives no date)."""
    start = report.published_on
    if start is None:
        return None
    if report.published_precision == Precision.MONTH:
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    elif report.published_precision == Precision.YEAR:
        end = start.replace(year=start.year + 1)
    else:
        end = start + datetime.timedelta(days=1)
    return start, end - datetime.timedelta(days=1)


def _within(bodies: list[LocalPolicingBody], report: Report) -> tuple[LocalPolicingBody, ...]:
    """The bodies that may have held the role on some day of the report's stated month or
    year (none when not even that is known)."""
    period = stated_period(report)
    if period is None:
        return ()
    first, last = period
    found = []
    for body in bodies:
        starts = body.since_earliest or body.since
        if (starts is None or starts <= last) and (body.until is None or body.until > first):
            found.append(body)
    return tuple(found)


def count(rows: Iterable[Obligation]) -> dict[str, int]:
    counted = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counted[row.status] += 1
    return counted


# The columns of every responses file, in order (the public data dictionary says what
# each means).
DATA_COLUMNS = (
    "report",
    "force",
    "force_name",
    "body",
    "report_published_on",
    "due_date",
    "status",
    "status_label",
    "response_published_on",
    "response_url",
    "answers_every_recommendation",
    "days_overdue",
    "days_late",
)


def as_data(obligation: Obligation) -> dict[str, object]:
    """One response as the data files give it, the public's and the staff's alike: no
    note, no one's name."""
    response = obligation.response
    answered = obligation.answers_every_recommendation
    published = obligation.report_published_on
    return {
        "report": obligation.report.slug,
        "force": obligation.force.slug,
        "force_name": obligation.force.name,
        "body": obligation.body_name,
        "report_published_on": published.isoformat() if published else "",
        "due_date": obligation.due_on.isoformat() if obligation.due_on else "",
        "status": obligation.status,
        "status_label": obligation.status_label,
        "response_published_on": response.published_on.isoformat() if response else "",
        "response_url": response.url if response else "",
        "answers_every_recommendation": {True: "yes", False: "no", None: ""}[answered],
        "days_overdue": obligation.days_overdue,
        "days_late": obligation.days_late,
    }


def forces_seen_by(user: Person | None, country: str = "") -> list[Force]:
    """The forces whose bodies' responses the person reads (a liaison: their own force
    only), of one country if asked, by name."""
    forces = Force.objects.order_by("name")
    if country:
        forces = forces.filter(country=country)
    own = access.own_force_id(user)
    return list(forces.filter(pk=own) if own is not None else forces)
