"""Calendar feeds (iCalendar): an all-day event on each due date, with where things
stand as of today in its description, from the one as-of rule."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from forces.models import Force
from recommendations import progress
from recommendations.models import Milestone
from recommendations.templatetags.standings import standing_detail

from .compose import long_date, site_url

PRODID = "-//peeltrack//Deadlines//EN"
# How often a calendar program should fetch the feed again.
REFRESH = datetime.timedelta(hours=12)


def calendar_of(name: str, description: str, *, uid: str | None = None) -> Calendar:
    """An empty feed with its name, description and how often to fetch it again (`uid`:
    the feed's own, the same each time it is made; a new one each time without)."""
    return Calendar.new(
        prodid=PRODID, name=name, description=description, refresh_interval=REFRESH, uid=uid
    )


def deadline(
    *,
    uid: str,
    milestone: Milestone,
    summary: str,
    description: str,
    url: str,
    stamp: datetime.datetime | None = None,
) -> Event:
    """An all-day event on the milestone's due date (`stamp`: when it was made, now by
    default)."""
    assert milestone.due_on is not None, "Only dated milestones are in a calendar."
    return all_day(
        uid=uid,
        day=milestone.due_on,
        summary=summary,
        description=description,
        url=url,
        stamp=stamp,
    )


def all_day(
    *,
    uid: str,
    day: datetime.date,
    summary: str,
    description: str,
    url: str,
    stamp: datetime.datetime | None = None,
) -> Event:
    """An all-day event on the day (`stamp`: when it was made, now by default)."""
    return Event.new(
        uid=uid,
        start=day,
        end=day + datetime.timedelta(days=1),
        summary=summary,
        description=description,
        url=url,
        stamp=stamp or timezone.now(),
    )


def standing_words(standing: progress.Standing) -> str:
    """A force's standing in a sentence: the category, then what the tag adds."""
    words = standing.category_label
    detail = standing_detail(standing)
    if detail:
        words += f" ({detail})"
    if standing.is_escalated:
        words += ", escalated"
    return words


def force_calendar(force: Force, as_of: datetime.date) -> Calendar:
    """The force's milestones in its scope, each on its due date."""
    calendar = calendar_of(
        f"peeltrack: {force.name}'s deadlines",
        f"Due dates of {force.name}'s milestones, with their status as of the day the "
        "calendar was fetched.",
    )
    url = site_url(reverse("plans:force", args=[force.slug]))
    for standing in progress.force_standings(force, as_of).values():
        milestone = standing.milestone
        if milestone.due_on is None:
            continue  # a milestone with no due date has no day to be shown on
        calendar.add_component(
            deadline(
                uid=f"{milestone.code}.{force.slug}@peeltrack",
                milestone=milestone,
                summary=f"{milestone.recommendation.label} ({milestone.code}) due – {force.name}",
                description=f"{milestone.full_name}\n\n"
                f"Status as of {long_date(as_of)}: {standing_words(standing)}.\n\n{url}",
                url=url,
            )
        )
    return calendar


def milestones_calendar(as_of: datetime.date) -> Calendar:
    """Every milestone, forces' and national bodies', each on its due date."""
    calendar = calendar_of(
        "peeltrack: all deadlines",
        "Due dates of every milestone, with where forces and national bodies stand as of "
        "the day the calendar was fetched.",
    )
    every = progress.standings(as_of)
    counts = progress.totals(s for s in every if s.force is not None)
    national = {s.milestone.pk: s for s in every if s.force is None}
    overdue_url = site_url(reverse("recommendations:overdue"))
    dashboard_url = site_url(reverse("recommendations:dashboard"))
    # A milestone with no due date has no day to be shown on.
    for milestone in Milestone.objects.filter(due_on__isnull=False).select_related(
        "national_body", "recommendation__report"
    ):
        if milestone.is_for_forces:
            found: Mapping[str, int] = counts.get(milestone.pk, {})
            in_scope = sum(found.values())
            parts = [
                f"{found[key]} {label.lower()}"
                for key, label in progress.CATEGORIES.items()
                if found.get(key)
            ]
            status = (
                f"{in_scope} force{'s' if in_scope != 1 else ''} in scope: " + ", ".join(parts)
                if in_scope
                else "no force in scope"
            )
            owner, url = "Forces", dashboard_url
        else:
            standing = national.get(milestone.pk)
            status = standing_words(standing) if standing else "not known"
            body = milestone.national_body
            assert body is not None, "A national body's milestone has its body (a constraint)."
            owner, url = body.name, overdue_url
        calendar.add_component(
            deadline(
                uid=f"{milestone.code}@peeltrack",
                milestone=milestone,
                summary=f"{milestone.recommendation.label} ({milestone.code}) due – {owner}",
                description=f"{milestone.full_name}\n\n"
                f"Status as of {long_date(as_of)}: {status}.\n\n{url}",
                url=url,
            )
        )
    return calendar
