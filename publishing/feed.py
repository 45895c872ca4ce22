"""The public deadlines as an iCalendar feed: every dated milestone of the published
reports on its due date, with where its owners stood as published, and the day each
report's 56-day responses are due, with how many came in time. Made from the publication
alone, so the same publication always gives the same feed."""

from __future__ import annotations

from django.urls import reverse
from icalendar import Calendar

from notices.compose import long_date, site_url
from notices.feeds import all_day, calendar_of, deadline
from policing_bodies.obligations import PERIOD_DAYS, STATUSES, Obligation, count

from .published import PublishedRecord


def public_deadlines(record: PublishedRecord) -> Calendar:
    publication = record.publication
    calendar = calendar_of(
        "peeltrack: HMICFRS recommendations' deadlines",
        "Due dates of the milestones of HMICFRS's reports, with where forces and national "
        f"bodies stood in the record as published on {long_date(publication.published_on)}.",
        uid="public-deadlines@peeltrack",
    )
    for report in record.reports:
        url = site_url(reverse("public:report", args=[report.slug]))
        for row in record.rows(report):
            milestone = row.milestone
            if milestone.due_on is None:
                continue  # a milestone with no due date has no day to be shown on
            counts = ", ".join(
                f"{count} {label.lower()}" for _key, label, count in row.counts if count
            )
            item = milestone.recommendation.label
            calendar.add_component(
                deadline(
                    uid=f"{milestone.code}.public@peeltrack",
                    milestone=milestone,
                    summary=f"{item} ({milestone.code}) due – {row.owner}",
                    description=f"{milestone.full_name}\n\n"
                    f"As published on {long_date(publication.published_on)}, "
                    f"{row.in_scope} in scope: {counts or 'none counted'}.\n\n{url}",
                    url=url,
                    stamp=publication.published_at,
                )
            )
    # Each report's 56-day responses, once the day they are due is known.
    responses: dict[int, list[Obligation]] = {}
    for obligation in record.responses():
        responses.setdefault(obligation.report.pk, []).append(obligation)
    url = site_url(reverse("public:responses"))
    for owed in responses.values():
        due = next((o.due_on for o in owed if o.due_on is not None), None)
        if due is None:
            continue  # never guessed: no day, no event
        report = owed[0].report
        counted = count(owed)
        counts = ", ".join(
            f"{counted[key]} {label.lower()}" for key, label in STATUSES.items() if counted[key]
        )
        calendar.add_component(
            all_day(
                uid=f"responses.{report.slug}.public@peeltrack",
                day=due,
                summary=f"Local policing bodies' responses to {report.title} due",
                description=f"The last day of the {PERIOD_DAYS} days in which each local "
                f"policing body must publish its comments on {report.title} (Police Act "
                f"1996, section 55).\n\nAs published on {long_date(publication.published_on)}: "
                f"{counts}.\n\n{url}",
                url=url,
                stamp=publication.published_at,
            )
        )
    return calendar
