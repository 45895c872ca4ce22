"""Standings shown with words and colour, never colour alone.

These are drawn for every cell of the large tables, so they build their HTML directly
(escaping every value) rather than through a template per cell.
"""

import datetime
import html
from collections.abc import Callable

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core import written
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
# The tags in each language, drawn once per language: every cell of the large tables
# has one.
_TAGS: dict[str, dict[str, SafeString]] = {}
_ESCALATED: dict[str, SafeString] = {}
_NOT_IN_SCOPE: dict[str, SafeString] = {}


def _in_this_language[T](made: dict[str, T], make: Callable[[], T]) -> T:
    """What `make` gives in the page's language, made once per language: these are
    drawn for every row of the longest tables."""
    language = translation.get_language() or ""
    found = made.get(language)
    if found is None:
        found = made[language] = make()
    return found


def tags() -> dict[str, SafeString]:
    """Each category's tag, in the page's language."""
    return _in_this_language(
        _TAGS,
        lambda: {
            key: mark_safe(
                f'<strong class="govuk-tag govuk-tag--{TAG_COLOURS[key]}">'
                f"{escape(gettext(label))}</strong>"
            )
            for key, label in CATEGORIES.items()
        },
    )


def escalated() -> SafeString:
    """Overdue for longer than the escalation period (progress.Standing.is_escalated)."""
    return _in_this_language(
        _ESCALATED,
        lambda: mark_safe(
            ' <strong class="govuk-tag govuk-tag--orange app-escalated">'
            f"{escape(gettext('Escalated'))}</strong>"
        ),
    )


def not_in_scope() -> SafeString:
    return _in_this_language(
        _NOT_IN_SCOPE,
        lambda: mark_safe(f'<span class="govuk-body-s">{escape(gettext("Not in scope"))}</span>'),
    )


def days(count: int) -> str:
    """ "2,984 days", "1 day": with the thousands separated, as GOV.UK writes numbers."""
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": written.number(count)}


def standing_detail(standing, in_text: bool = False) -> str:
    """What the tag alone does not say: how overdue, when met, how soon due. Dates are
    short, as in a table, or long `in_text`."""
    category = standing.category
    if category == "overdue":
        return gettext("%(status)s, %(days)s overdue") % {
            "status": standing.status_label,
            "days": days(standing.days_overdue),
        }
    if category == "met_late":
        day = (written.long_day if in_text else written.short_day)(standing.met_on)
        return gettext("met %(day)s") % {"day": day}
    if standing.is_due_soon:
        until = standing.days_until_due
        if until == 0:
            return gettext("due today")
        return gettext("due in %(days)s") % {"days": days(until)}
    return ""


@register.simple_tag
def standing_tag(standing, in_text: bool = False) -> SafeString:
    """A GOV.UK tag for a standing: the category in words, and the detail that matters
    (its dates long `in_text`, short in a table)."""
    if standing is None:
        return not_in_scope()
    tag = tags()[standing.category]
    if standing.is_escalated:
        tag += escalated()
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
    return days(count)


@register.simple_tag
def category_tag(category) -> SafeString:
    return tags()[category]


@register.filter
def due_short(milestone: Milestone) -> str:
    """ "due 30 Sep 2018", or, for a milestone with no date, "no due date"."""
    if not milestone.due_on:
        return gettext("no due date")
    return gettext("due %(day)s") % {"day": written.short_day(milestone.due_on)}


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
        # The columns' names, which a narrow screen shows beside each cell.
        self.labels = [
            html.escape(gettext(label)) for label in ("Item", "Milestone", "Due", "Status")
        ]

    def day(self, day) -> str:
        found = self.days.get(day)
        if found is None:
            found = self.days[day] = written.short_day(day) if day else gettext("No date given")
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
                f'{code}"><td class="govuk-table__cell" data-label="{self.labels[0]}">{item}</td>'
                f'<th scope="row" data-label="{self.labels[1]}" '
                f'class="govuk-table__header"><a class="govuk-link" href="{href}">'
                f"{html.escape(milestone.local_description)}</a> ({code})</th>"
                f'<td class="govuk-table__cell" data-label="{self.labels[2]}">'
                f"{self.day(milestone.due_on)}</td>"
                f'<td class="govuk-table__cell" data-label="{self.labels[3]}">'
                f"{standing_tag(standing)}</td>"
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
    day = written.long_day(as_of)
    maker = _RowMaker(force, known_on, as_of_query)
    # The words every table shares, translated once for the page.
    headers = "".join(
        f'      <th scope="col" class="govuk-table__header">{label}</th>\n'
        for label in maker.labels
    )
    found = []
    for group in groups:
        report = group["report"]
        slug, title = report.slug, html.escape(report.local_title)
        shown = report == shown_report
        table_id = ' id="standings"' if shown else ""
        rows = "\n".join(maker.rows(group["rows"], report, shown))
        href = maker.report.format(slug) + maker.as_of_query
        count = len(group["rows"])
        counts = gettext("%(open)s open, %(overdue)s overdue, %(met)s met") % {
            "open": group["open"],
            "overdue": group["overdue"],
            "met": group["met"],
        }
        its = ngettext("Its %(count)s milestone", "Its %(count)s milestones", count) % {
            "count": count
        }
        names = {"force": force.name, "report": report.local_title, "day": day}
        label = html.escape(gettext("%(force)s's milestones: %(report)s") % names)
        caption = gettext("%(force)s's status against each milestone of %(report)s as of %(day)s")
        caption = html.escape(caption % names)
        found.append(
            f'<h3 class="govuk-heading-s" id="report-{slug}"><a class="govuk-link" '
            f'href="{href}">{title}</a> '
            f'<span class="govuk-caption-m app-report-counts">{html.escape(counts)}</span></h3>\n'
            # The shown report's table is open; the others fold, so a phone's page is
            # not every report's milestones end to end.
            + (
                ""
                if shown
                else '<details class="govuk-details"><summary class="govuk-details__summary">'
                f'<span class="govuk-details__summary-text">{html.escape(its)}</span></summary>'
                '<div class="govuk-details__text">\n'
            )
            + f'<div class="app-table-scroll" tabindex="0" role="region" '
            f'aria-label="{label}">\n'
            f'<table class="govuk-table app-table--stacked"{table_id} '
            f'data-report="{slug}">\n'
            f'  <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>\n'
            '  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n'
            f"{headers}"
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
