"""What a publication shows: the record as it stood at the end of its known-on day, read
through the as-of rule (recommendations.progress) as of that day, and only what is meant
for the public: items' texts, milestones, dates, statuses and counts. Never notes,
evidence, plans, submissions, or anyone's name.

The rows a page shows and its data files give are built here once, so a page and its
CSV and JSON hold the same rows."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404

from core.dates import parse_iso_date
from core.refusals import Refused
from forces.models import Force
from policing_bodies import obligations
from policing_bodies.obligations import Obligation
from recommendations import catalogue, progress
from recommendations.models import Milestone, Recommendation, Report

from .models import Publication

# The counts each milestone's row gives, in the order pages count in.
CATEGORIES = progress.CATEGORIES_OVERDUE_FIRST


def chosen(published: str | None) -> Publication | None:
    """The publication a query asks for: the latest, or, with ?published=YYYY-MM-DD, the
    last made on that day. None when nothing is published yet. A date that is not one
    is refused (400); a day with no publication is not found (404)."""
    if published is None:
        return Publication.objects.newest_first().first()
    try:
        day = parse_iso_date(published, what="the publication date")
    except ValueError as error:
        raise Refused(str(error), field="published") from None
    found = [p for p in Publication.objects.newest_first() if p.published_on == day]
    if not found:
        raise Http404(f"Nothing was published on {day:%-d %B %Y}.")
    return found[0]


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone of a published report, with how many owners stand where."""

    milestone: Milestone
    owner: str
    in_scope: int
    counts: tuple[tuple[str, str, int], ...]

    def as_data(self) -> dict[str, object]:
        milestone = self.milestone
        item = milestone.recommendation
        return {
            "report": item.report.slug,
            "item": item.label,
            "milestone": milestone.code,
            "milestone_name": milestone.full_name,
            "due_date": milestone.due_on.isoformat() if milestone.due_on else "",
            "owner": self.owner,
            "in_scope": self.in_scope,
            **{key: count for key, _label, count in self.counts},
        }


@dataclass(frozen=True)
class ForceRow:
    """One force's standing against one milestone of a published report (None: the
    milestone was not the force's to meet as of the day)."""

    milestone: Milestone
    standing: progress.Standing | None

    @property
    def status(self) -> str:
        return self.standing.category if self.standing else "not_in_scope"

    @property
    def status_label(self) -> str:
        return self.standing.category_label if self.standing else "Not in scope"

    @property
    def met_on(self) -> datetime.date | None:
        standing = self.standing
        return standing.met_on if standing is not None and standing.status == "met" else None

    def as_data(self, force: Force) -> dict[str, object]:
        milestone = self.milestone
        return {
            "force": force.slug,
            "force_name": force.name,
            "report": milestone.recommendation.report.slug,
            "item": milestone.recommendation.label,
            "milestone": milestone.code,
            "milestone_name": milestone.full_name,
            "due_date": milestone.due_on.isoformat() if milestone.due_on else "",
            "status": self.status,
            "status_label": self.status_label,
            "met_on": self.met_on.isoformat() if self.met_on else "",
            "days_overdue": self.standing.days_overdue if self.standing else 0,
        }


class PublishedRecord:
    """The record one publication shows."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication
        self.as_of: datetime.date = publication.known_on
        self.knowledge = progress.Knowledge(publication.known_on)

    @cached_property
    def reports(self) -> list[Report]:
        """The reports loaded by the end of the known-on day, newest first."""
        cutoff = self.knowledge.cutoff
        assert cutoff is not None
        return [r for r in catalogue.current().reports if r.loaded_at < cutoff]

    def report(self, slug: str) -> Report:
        for report in self.reports:
            if report.slug == slug:
                return report
        raise Http404("No report of that name was published.")

    def milestones(self, report: Report | None = None) -> list[Milestone]:
        return progress.milestones_as_known(
            catalogue.current().milestones_of(report), self.knowledge
        )

    def rows(self, report: Report) -> list[MilestoneRow]:
        milestones = self.milestones(report)
        standings = progress.standings(
            self.as_of, milestones=milestones, known_on=self.publication.known_on
        )
        counts = progress.totals(standings)
        none: Counter[str] = Counter()
        found = []
        for milestone in milestones:
            mine = counts.get(milestone.pk, none)
            body = milestone.national_body
            found.append(
                MilestoneRow(
                    milestone=milestone,
                    owner=body.name if body is not None else "Police forces",
                    in_scope=sum(mine.values()),
                    counts=tuple((key, label, mine[key]) for key, label in CATEGORIES.items()),
                )
            )
        return found

    def items(self, report: Report) -> list[tuple[Recommendation, list[MilestoneRow]]]:
        rows = self.rows(report)
        by_item: dict[int, list[MilestoneRow]] = {}
        for row in rows:
            by_item.setdefault(row.milestone.recommendation_id, []).append(row)
        items = Recommendation.objects.filter(report=report).select_related("report")
        return [(item, by_item.get(item.pk, [])) for item in items]

    def report_counts(self) -> list[tuple[Report, int, Counter[str]]]:
        """Each report with its milestones' number and its owners' counts by category."""
        milestones = self.milestones()
        standings = progress.standings(
            self.as_of, milestones=milestones, known_on=self.publication.known_on
        )
        by_report: dict[int, Counter[str]] = {}
        for standing in standings:
            report_id = standing.milestone.recommendation.report_id
            by_report.setdefault(report_id, Counter())[standing.category] += 1
        counted = Counter(m.recommendation.report_id for m in milestones)
        return [(r, counted[r.pk], by_report.get(r.pk, Counter())) for r in self.reports]

    def force_rows(self, force: Force) -> list[tuple[Report, list[ForceRow]]]:
        """Each published report with a milestone for forces, and the force's standing
        against each of its milestones."""
        return self.forces_rows([force])[force.pk]

    def forces_rows(self, forces: list[Force]) -> dict[int, list[tuple[Report, list[ForceRow]]]]:
        """force_rows for each of the forces, from one reading of the rule."""
        milestones = [m for m in self.milestones() if m.is_for_forces]
        standings = {
            (s.milestone.pk, s.force.pk): s
            for s in progress.standings(
                self.as_of,
                milestones=milestones,
                forces=forces,
                include_national=False,
                known_on=self.publication.known_on,
            )
            if s.force is not None
        }
        found = {}
        for force in forces:
            by_report: dict[int, list[ForceRow]] = {}
            for milestone in milestones:
                by_report.setdefault(milestone.recommendation.report_id, []).append(
                    ForceRow(milestone, standings.get((milestone.pk, force.pk)))
                )
            found[force.pk] = [(r, by_report[r.pk]) for r in self.reports if r.pk in by_report]
        return found

    def responses(self, *, report: Report | None = None, country: str = "") -> list[Obligation]:
        """The local policing bodies' responses owed to the published reports that ask for
        them, as known at the end of the known-on day and as of that day."""
        reports = [r for r in ([report] if report else self.reports) if r.responses_required]
        forces = Force.objects.order_by("name")
        if country:
            forces = forces.filter(country=country)
        return obligations.obligations(
            self.as_of, self.knowledge, reports=reports, forces=list(forces)
        )

    def item_rows(
        self, *, report: Report | None = None, kind: str = "", words: str = ""
    ) -> list[dict[str, object]]:
        """The published items (of one report, of one kind, with all the words in their
        theme or text, if asked), each with its milestones' owners counted by status."""
        reports = [report] if report is not None else self.reports
        milestones = [m for m in self.milestones() if m.recommendation.report in reports]
        standings = progress.standings(
            self.as_of, milestones=milestones, known_on=self.publication.known_on
        )
        counts: dict[int, Counter[str]] = {}
        for standing in standings:
            counts.setdefault(standing.milestone.recommendation_id, Counter())[
                standing.category
            ] += 1
        counted = Counter(m.recommendation_id for m in milestones)
        wanted = [w.casefold() for w in words.split()]
        items = Recommendation.objects.filter(report__in=reports).select_related("report")
        if kind:
            items = items.filter(kind=kind)
        found = []
        for item in items:
            written = f"{item.theme} {item.text}".casefold()
            if not all(word in written for word in wanted):
                continue
            mine = counts.get(item.pk, Counter())
            found.append(
                {
                    "report": item.report.slug,
                    "item": item.label,
                    "kind": item.kind,
                    "theme": item.theme,
                    "text_is": item.text_is,
                    "text": item.text,
                    "milestones": counted[item.pk],
                    **{key: mine[key] for key in CATEGORIES},
                }
            )
        return found


def response_row(obligation: Obligation) -> dict[str, object]:
    """One response as the public data gives it: no note, no one's name."""
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
