from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from recommendations.progress import CATEGORIES

register = template.Library()

# Colour backs up the words; it never carries the meaning alone.
TAG_COLOURS = {
    "met": "green",
    "met_late": "yellow",
    "in_progress": "blue",
    "not_started": "grey",
    "overdue": "red",
    "not_applicable": "purple",
}


@register.simple_tag
def standing_tag(standing):
    """A GOV.UK tag for a standing: the category in words, and for overdue, how long."""
    if standing is None:
        return mark_safe('<span class="govuk-body-s">Not in scope</span>')
    category = standing.category
    tag = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        TAG_COLOURS[category],
        CATEGORIES[category],
    )
    if category == "overdue":
        days = standing.days_overdue
        return format_html(
            '{}<span class="govuk-body-s app-tag-detail">{}, {} day{} overdue</span>',
            tag,
            standing.status_label,
            days,
            "" if days == 1 else "s",
        )
    if category == "met_late":
        return format_html(
            '{}<span class="govuk-body-s app-tag-detail">met {}</span>',
            tag,
            date_format(standing.met_on, "j M Y"),
        )
    if standing.is_due_soon:
        days = (standing.milestone.due_on - standing.as_of).days
        when = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
        return format_html('{}<span class="govuk-body-s app-tag-detail">due {}</span>', tag, when)
    return tag


@register.simple_tag
def category_tag(category):
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        TAG_COLOURS[category],
        CATEGORIES[category],
    )


@register.simple_tag(takes_context=True)
def hidden_query_fields(context, *excluded):
    """Hidden inputs that keep the page's other filters when one form is submitted."""
    query = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name in query for value in query.getlist(name) if name not in excluded),
    )
