"""The public deadlines as an iCalendar feed: every dated milestone of the published
reports on its due date, with where its owners stood as published. Made from the
publication alone, so the same publication always gives the same feed."""

from __future__ import annotations

from django.urls import reverse
from icalendar import Calendar

from notices.compose import long_date, site_url
from notices.feeds import calendar_of, deadline

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
    return calendar
