"""Standings shown with words and colour, never colour alone."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def standing_detail(standing) -> str:
    """What the tag alone does not say: how overdue, when met, how soon due."""
    category = standing.category
    if category == "overdue":
        return f"{standing.status_label}, {plural(standing.days_overdue, 'day')} overdue"
    if category == "met_late":
        return f"met {date_format(standing.met_on, 'j M Y')}"
    if standing.is_due_soon:
        days = standing.days_until_due
        return "due today" if days == 0 else f"due in {plural(days, 'day')}"
    return ""


@register.simple_tag
def standing_tag(standing):
    """A GOV.UK tag for a standing: the category in words, and the detail that matters."""
    if standing is None:
        return mark_safe('<span class="govuk-body-s">Not in scope</span>')
    tag = category_tag(standing.category)
    detail = standing_detail(standing)
    if detail:
        return format_html('{}<span class="govuk-body-s app-tag-detail">{}</span>', tag, detail)
    return tag


@register.simple_tag
def category_tag(category):
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        TAG_COLOURS[category],
        CATEGORIES[category],
    )
