"""What a publication shows: the record as it stood at the end of its known-on day, read
through the as-of rule (recommendations.progress) as of that day, and only what is meant
for the public: items' texts, milestones, dates, statuses and counts. Never notes,
evidence, plans, submissions, or anyone's name.

The rows a page shows and its data files give are built here once, so a page and its
CSV and JSON hold the same rows."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from core.dates import parse_iso_date
from core.refusals import Refused
from forces.models import Force
from policing_bodies import obligations
from policing_bodies.obligations import Obligation
from recommendations import catalogue, charts, follow_ups, progress
from recommendations.models import Milestone, ProgressRecord, Recommendation, Report

from .models import Publication

# The counts each milestone's row gives, in the order pages count in.
CATEGORIES = progress.CATEGORIES_OVERDUE_FIRST
# A force's standing against a milestone: a category, or not its milestone on the day.
FORCE_STATUSES = {**CATEGORIES, "not_in_scope": gettext_noop("Not in scope")}


def _summaries(standings: Iterable[progress.Standing | None]) -> dict[int, str]:
    """The public summaries of the records the standings rest on, by record id: one
    query. A record is never changed, so its summary is what it was when published."""
    ids = {s.record_id for s in standings if s is not None and s.record_id is not None}
    if not ids:
        return {}
    return dict(
        ProgressRecord.objects.filter(pk__in=ids)
        .exclude(public_summary="")
        .values_list("pk", "public_summary")
    )


def matches(item: Recommendation, kind: str, wanted: list[str]) -> bool:
    """Whether the item is of the kind (if one is asked for) and has every word."""
    written = f"{item.theme} {item.text}".casefold()
    return (not kind or item.kind == kind) and all(word in written for word in wanted)


def chosen(published: str | None) -> Publication | None:
    """The publication a query asks for: the latest, or, with ?published=YYYY-MM-DD, the
    last made on that day. None when nothing is published yet. A date that is not one
    is refused (400); a day with no publication is not found (404)."""
    if published is None:
        return Publication.objects.newest_first().first()
    try:
        day = parse_iso_date(published, what=gettext("the publication date"))
    except ValueError as error:
        raise Refused(str(error), field="published") from None
    found = [p for p in Publication.objects.newest_first() if p.published_on == day]
    if not found:
        raise Http404(
            gettext("Nothing was published on %(day)s.") % {"day": date_format(day, "j F Y")}
        )
    return found[0]


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone of a published report, with how many owners stand where."""

    milestone: Milestone
    owner: str
    in_scope: int
    counts: tuple[tuple[str, str, int], ...]
    # A national body's milestone has one owner: the public summary of its standing.
    summary: str = ""

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
            "public_summary": self.summary,
        }

    def has(self, status: str) -> bool:
        return any(key == status and count for key, _label, count in self.counts)


@dataclass(frozen=True)
class ForceRow:
    """One force's standing against one milestone of a published report (None: the
    milestone was not the force's to meet as of the day)."""

    milestone: Milestone
    standing: progress.Standing | None
    summary: str = ""

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
            "public_summary": self.summary,
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
        raise Http404(gettext("No report of that name was published."))

    def milestones(self, report: Report | None = None) -> list[Milestone]:
        return progress.milestones_as_known(
            catalogue.current().milestones_of(report), self.knowledge
        )

    def _forces(self, country: str) -> list[Force]:
        forces = Force.objects.order_by("name")
        return list(forces.filter(country=country) if country else forces)

    def rows(self, report: Report, *, country: str = "") -> list[MilestoneRow]:
        """Each milestone of the report with its owners counted by category: every
        force's, or those of one country (and the national bodies' own)."""
        milestones = self.milestones(report)
        standings = progress.standings(
            self.as_of,
            milestones=milestones,
            forces=self._forces(country) if country else None,
            known_on=self.publication.known_on,
        )
        counts = progress.totals(standings)
        national = {s.milestone.pk: s for s in standings if s.force is None}
        summaries = _summaries(national.values())
        none: Counter[str] = Counter()
        found = []
        for milestone in milestones:
            mine = counts.get(milestone.pk, none)
            body = milestone.national_body
            own = national.get(milestone.pk)
            found.append(
                MilestoneRow(
                    milestone=milestone,
                    owner=body.name if body is not None else gettext_noop("Police forces"),
                    in_scope=sum(mine.values()),
                    counts=tuple((key, label, mine[key]) for key, label in CATEGORIES.items()),
                    summary=summaries.get(own.record_id, "") if own and own.record_id else "",
                )
            )
        return found

    def items(
        self,
        report: Report,
        *,
        kind: str = "",
        words: str = "",
        status: str = "",
        country: str = "",
    ) -> list[tuple[Recommendation, list[MilestoneRow]]]:
        """The report's items (of the kind, with every word, if asked) and their
        milestones' rows; with a status, only the milestones with an owner at it, and
        only the items with such a milestone."""
        rows = self.rows(report, country=country)
        if status:
            rows = [row for row in rows if row.has(status)]
        by_item: dict[int, list[MilestoneRow]] = {}
        for row in rows:
            by_item.setdefault(row.milestone.recommendation_id, []).append(row)
        wanted = [w.casefold() for w in words.split()]
        items = Recommendation.objects.filter(report=report).select_related("report")
        return [
            (item, by_item.get(item.pk, []))
            for item in items
            if matches(item, kind, wanted) and (not status or item.pk in by_item)
        ]

    def met_over_time(self, report: Report) -> tuple[list[Milestone], charts.Chart]:
        """The report's force milestones, and how many forces in scope had met each on a
        few dates from its publication to the day: one reading of the rule."""
        milestones = [m for m in self.milestones(report) if m.is_for_forces]
        if not milestones:
            return [], []
        days = charts.chart_dates(charts.start_of(report, milestones, self.as_of), self.as_of)
        at = progress.standings_at(
            days,
            milestones=milestones,
            include_national=False,
            known_on=self.publication.known_on,
        )
        return milestones, charts.met_over_time(at, days, milestones)

    def repeated(self, forces: list[Force] | None = None) -> list[follow_ups.Repeat]:
        """Items made again while an earlier one is not met, as published: of the reports
        loaded by the known-on day only."""
        shown = {report.pk for report in self.reports}
        return [
            repeat
            for repeat in follow_ups.repeated(
                self.as_of, known_on=self.publication.known_on, forces=forces
            )
            if repeat.item.report_id in shown and repeat.earlier.report_id in shown
        ]

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
        summaries = _summaries(standings.values())
        found = {}
        for force in forces:
            by_report: dict[int, list[ForceRow]] = {}
            for milestone in milestones:
                standing = standings.get((milestone.pk, force.pk))
                summary = (
                    summaries.get(standing.record_id, "")
                    if standing is not None and standing.record_id is not None
                    else ""
                )
                by_report.setdefault(milestone.recommendation.report_id, []).append(
                    ForceRow(milestone, standing, summary)
                )
            found[force.pk] = [(r, by_report[r.pk]) for r in self.reports if r.pk in by_report]
        return found

    def responses(self, *, report: Report | None = None, country: str = "") -> list[Obligation]:
        """The local policing bodies' responses owed to the published reports that ask for
        them, as known at the end of the known-on day and as of that day."""
        reports = [r for r in ([report] if report else self.reports) if r.responses_required]
        return obligations.obligations(
            self.as_of, self.knowledge, reports=reports, forces=self._forces(country)
        )

    def item_rows(
        self, *, report: Report | None = None, kind: str = "", words: str = "", status: str = ""
    ) -> list[dict[str, object]]:
        """The published items (of one report, of one kind, with all the words in their
        theme or text, with an owner at the status, if asked), each with its milestones'
        owners counted by status."""
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
        found = []
        for item in items:
            mine = counts.get(item.pk, Counter())
            if not matches(item, kind, wanted) or (status and not mine[status]):
                continue
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
