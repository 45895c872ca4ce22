"""Standings shown with words and colour, never colour alone.

These are drawn for every cell of the large tables, so they build their HTML directly
(escaping every value) rather than through a template per cell.
"""

import datetime
import html

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.dates import today
from recommendations import catalogue
from recommendations.models import Milestone, Recommendation, Report
from recommendations.progress import CATEGORIES

register = template.Library()

TAG_COLOURS = {
    "met": "green",
    "met_late": "yellow",
    "in_progress": "blue",
    "not_started": "grey",
    "overdue": "red",
    "not_applicable": "purple",
}
TAGS = {
    key: mark_safe(f'<strong class="govuk-tag govuk-tag--{TAG_COLOURS[key]}">{label}</strong>')
    for key, label in CATEGORIES.items()
}
# Overdue for longer than the escalation period (progress.Standing.is_escalated).
ESCALATED = mark_safe(
    ' <strong class="govuk-tag govuk-tag--orange app-escalated">Escalated</strong>'
)
NOT_IN_SCOPE = mark_safe('<span class="govuk-body-s">Not in scope</span>')


def plural(count: int, word: str) -> str:
    """2,984 days, 1 day: with the thousands separated, as GOV.UK writes numbers."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def short_date(day) -> str:
    """ "30 Sep 2018": how tables write a date."""
    return f"{day.day} {day:%b %Y}"


def long_day(day) -> str:
    """ "30 September 2018": how text writes a date."""
    return f"{day.day} {day:%B %Y}"


def standing_detail(standing, in_text: bool = False) -> str:
    """What the tag alone does not say: how overdue, when met, how soon due. Dates are
    short, as in a table, or long `in_text`."""
    category = standing.category
    if category == "overdue":
        return f"{standing.status_label}, {plural(standing.days_overdue, 'day')} overdue"
    if category == "met_late":
        return f"met {(long_day if in_text else short_date)(standing.met_on)}"
    if standing.is_due_soon:
        days = standing.days_until_due
        return "due today" if days == 0 else f"due in {plural(days, 'day')}"
    return ""


@register.simple_tag
def standing_tag(standing, in_text: bool = False) -> SafeString:
    """A GOV.UK tag for a standing: the category in words, and the detail that matters
    (its dates long `in_text`, short in a table)."""
    if standing is None:
        return NOT_IN_SCOPE
    tag = TAGS[standing.category]
    if standing.is_escalated:
        tag += ESCALATED
    detail = standing_detail(standing, in_text)
    if detail:
        return mark_safe(f'{tag}<span class="govuk-body-s app-tag-detail">{escape(detail)}</span>')
    return tag


QUICK_DATES = 6


@register.simple_tag
def quick_dates() -> list[datetime.date]:
    """The days worth jumping to: each day after a deadline, when what was not met
    became overdue, the latest few up to today (every report's, as loaded)."""
    last = today()
    days = {
        milestone.due_on + datetime.timedelta(days=1)
        for milestone in catalogue.current().milestones
        if milestone.due_on is not None
    }
    return sorted(day for day in days if day <= last)[-QUICK_DATES:]


@register.simple_tag(name="days")
def days_tag(count: int) -> str:
    """ "2,984 days", "1 day"."""
    return plural(count, "day")


@register.simple_tag
def category_tag(category) -> SafeString:
    return TAGS[category]


@register.filter
def due_short(milestone: Milestone) -> str:
    """ "due 30 Sep 2018", or, for a milestone with no date, "no due date"."""
    return f"due {short_date(milestone.due_on)}" if milestone.due_on else "no due date"


def _address_maker(name: str, *slots: str) -> str:
    """An address pattern, reversed once, as a format string: "{0}", "{1}"… where the
    arguments go (slugs: codes, item addresses, report and force slugs, safe in a URL
    and in HTML). Rows built by the hundred would otherwise reverse one address each."""
    markers = [f"0slot{i}0" for i in range(len(slots))]
    address = reverse(name, args=markers).replace("{", "{{").replace("}", "}}")
    for i, marker in enumerate(markers):
        address = address.replace(marker, f"{{{i}}}")
    return address


class _RowMaker:
    """Everything a force's milestone rows share, worked out once for the page."""

    def __init__(self, force, known_on, as_of_query) -> None:
        self.as_of_query = html.escape(as_of_query)
        self.history = _address_maker("recommendations:milestone_history", "force", "code")
        self.history_query = f"?known_on={known_on:%Y-%m-%d}" if known_on else ""
        self.item = _address_maker("recommendations:item", "report", "item")
        self.report = _address_maker("recommendations:report", "report")
        self.force_slug = force.slug
        self.kinds = dict(Recommendation.Kind.choices)
        self.days: dict[object, str] = {}

    def day(self, day) -> str:
        found = self.days.get(day)
        if found is None:
            found = self.days[day] = short_date(day) if day else "No date given"
        return found

    def rows(self, rows, report, on_this_page) -> list[str]:
        """The body rows of a force's table of one report's milestones: the item it is
        for (linked to the item's page, as of the page's date), each milestone's
        description (linked to its history: further down the page when `on_this_page`,
        else on the milestone's own history page) with its code after it, its due date
        and the force's standing (None: out of scope)."""
        items: dict[int, str] = {}
        found = []
        for milestone, standing in rows:
            code = milestone.code
            item = items.get(milestone.recommendation_id)
            if item is None:
                recommendation = milestone.recommendation
                href = self.item.format(report.slug, recommendation.address) + self.as_of_query
                label = f"{self.kinds[recommendation.kind]} {recommendation.number}"
                item = items[milestone.recommendation_id] = (
                    f'<a class="govuk-link" href="{href}">{html.escape(label)}</a>'
                )
            href = (
                f"#history-{code}"
                if on_this_page
                else self.history.format(self.force_slug, code) + self.history_query
            )
            found.append(
                '<tr class="govuk-table__row" data-milestone="'
                f'{code}"><td class="govuk-table__cell" data-label="Item">{item}</td>'
                '<th scope="row" data-label="Milestone" '
                f'class="govuk-table__header"><a class="govuk-link" href="{href}">'
                f"{html.escape(milestone.description)}</a> ({code})</th>"
                f'<td class="govuk-table__cell" data-label="Due">{self.day(milestone.due_on)}</td>'
                f'<td class="govuk-table__cell" data-label="Status">{standing_tag(standing)}</td>'
                "</tr>"
            )
        return found


@register.simple_tag
def force_report_tables(groups, force, as_of, known_on, as_of_query, shown_report) -> SafeString:
    """A force's standing against each report's milestones: per report (`groups`, as
    ForcePage.by_report gives them), a heading with its counts and a table of its
    milestones. The table of the report whose history the page shows (`shown_report`)
    is `#standings`, open, and its milestones link down the page; the others fold.

    Built here, not in the template, for the reason this module gives: with every report
    loaded a force's page has dozens of these tables and hundreds of rows."""
    name = html.escape(force.name)
    day = f"{as_of.day} {as_of:%B %Y}"
    maker = _RowMaker(force, known_on, as_of_query)
    found = []
    for group in groups:
        report = group["report"]
        slug, title = report.slug, html.escape(report.title)
        shown = report == shown_report
        table_id = ' id="standings"' if shown else ""
        rows = "\n".join(maker.rows(group["rows"], report, shown))
        href = maker.report.format(slug) + maker.as_of_query
        count = len(group["rows"])
        found.append(
            f'<h3 class="govuk-heading-s" id="report-{slug}"><a class="govuk-link" '
            f'href="{href}">{title}</a> '
            f'<span class="govuk-caption-m app-report-counts">{group["open"]} open, '
            f"{group['overdue']} overdue, {group['met']} met</span></h3>\n"
            # The shown report's table is open; the others fold, so a phone's page is
            # not every report's milestones end to end.
            + (
                ""
                if shown
                else '<details class="govuk-details"><summary class="govuk-details__summary">'
                '<span class="govuk-details__summary-text">Its '
                f"{count} milestone{'' if count == 1 else 's'}</span></summary>"
                '<div class="govuk-details__text">\n'
            )
            + f'<div class="app-table-scroll" tabindex="0" role="region" '
            f'aria-label="{name}&#x27;s milestones: {title}">\n'
            f'<table class="govuk-table app-table--stacked"{table_id} '
            f'data-report="{slug}">\n'
            f'  <caption class="govuk-table__caption govuk-visually-hidden">{name}&#x27;s '
            f"status against each milestone of {title} as of {day}</caption>\n"
            '  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n'
            '      <th scope="col" class="govuk-table__header">Item</th>\n'
            '      <th scope="col" class="govuk-table__header">Milestone</th>\n'
            '      <th scope="col" class="govuk-table__header">Due</th>\n'
            '      <th scope="col" class="govuk-table__header">Status</th>\n'
            "    </tr>\n  </thead>\n"
            f'  <tbody class="govuk-table__body">\n{rows}\n  </tbody>\n</table>\n</div>'
            + ("" if shown else "</div></details>")
        )
    return mark_safe("\n".join(found))


@register.filter
def milestones_of(field: BoundField, report: Report | None) -> BoundField:
    """The milestone filter, offering the shown report's milestones only: every report's
    would be hundreds of checkboxes, most of them for milestones the page does not show.
    (Only what is offered changes: the filter accepts any milestone, as the API does.)"""
    if report:
        field.field.queryset = Milestone.objects.filter(  # type: ignore[attr-defined]
            recommendation__report=report
        ).select_related("recommendation")
    return field
