"""Standings shown with words and colour, never colour alone.

These are drawn for every cell of the large tables, so they build their HTML directly
(escaping every value) rather than through a template per cell.
"""

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from recommendations.models import Milestone, Report
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
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def short_date(day) -> str:
    return f"{day.day} {day:%b %Y}"


def standing_detail(standing) -> str:
    """What the tag alone does not say: how overdue, when met, how soon due."""
    category = standing.category
    if category == "overdue":
        return f"{standing.status_label}, {plural(standing.days_overdue, 'day')} overdue"
    if category == "met_late":
        return f"met {short_date(standing.met_on)}"
    if standing.is_due_soon:
        days = standing.days_until_due
        return "due today" if days == 0 else f"due in {plural(days, 'day')}"
    return ""


@register.simple_tag
def standing_tag(standing) -> SafeString:
    """A GOV.UK tag for a standing: the category in words, and the detail that matters."""
    if standing is None:
        return NOT_IN_SCOPE
    tag = TAGS[standing.category]
    if standing.is_escalated:
        tag += ESCALATED
    detail = standing_detail(standing)
    if detail:
        return mark_safe(f'{tag}<span class="govuk-body-s app-tag-detail">{escape(detail)}</span>')
    return tag


@register.simple_tag
def category_tag(category) -> SafeString:
    return TAGS[category]


@register.filter
def due_short(milestone: Milestone) -> str:
    """ "due 30 Sep 2018", or, for a milestone with no date, "no due date"."""
    return f"due {short_date(milestone.due_on)}" if milestone.due_on else "no due date"


@register.simple_tag
def force_milestone_rows(rows, force, known_on, as_of_query, report, shown_report) -> SafeString:
    """The body rows of a force's table of one report's milestones: the item it is for
    (linked to the item's page, as of the page's date: `as_of_query`), each milestone's code
    (linked to its history: further down the page for the report whose history the page
    shows, `shown_report`, else on the milestone's own history page),
    description, due date and the force's standing (None: out of scope).

    Built here, not in the template, for the reason this module gives: with every report
    loaded a force's page has hundreds of these rows."""
    query = f"?known_on={known_on:%Y-%m-%d}" if known_on else ""
    on_this_page = report == shown_report
    items: dict[int, SafeString] = {}
    found = []
    for milestone, standing in rows:
        code = milestone.code
        item = items.get(milestone.recommendation_id)
        if item is None:
            recommendation = milestone.recommendation
            item = items[milestone.recommendation_id] = format_html(
                '<a class="govuk-link" href="{}{}">{}</a>',
                recommendation.get_absolute_url(),
                as_of_query,
                recommendation.label,
            )
        if on_this_page:
            href = f"#history-{code}"
        else:
            href = reverse("recommendations:milestone_history", args=[force.slug, code]) + query
        due = short_date(milestone.due_on) if milestone.due_on else "No date given"
        found.append(
            format_html(
                '<tr class="govuk-table__row" data-milestone="{}"><td class="govuk-table__cell">'
                '{}</td><th scope="row" class="govuk-table__header"><a class="govuk-link" '
                'href="{}">{}</a>: {}</th><td class="govuk-table__cell">{}</td>'
                '<td class="govuk-table__cell">{}</td></tr>',
                code,
                item,
                href,
                code,
                milestone.description,
                due,
                standing_tag(standing),
            )
        )
    return mark_safe("\n".join(found))


@register.filter
def milestones_of(field: BoundField, report: Report | None) -> BoundField:
    """The milestone filter, offering the shown report's milestones only: every report's
    would be hundreds of checkboxes, most of them for milestones the page does not show.
    (Only what is offered changes: the filter accepts any milestone, as the API does.)"""
    if report:
        field.field.queryset = Milestone.objects.filter(recommendation__report=report)  # type: ignore[attr-defined]
    return field
