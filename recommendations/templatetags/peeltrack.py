from django import template
from django.urls import reverse
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


INPUT_CLASSES = {
    "text": "govuk-input",
    "number": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, width=""):
    """A form field in GOV.UK Design System markup, errors and hint included."""
    kind = field.widget_type
    describedby = " ".join(
        part
        for part, present in (
            (f"{field.auto_id}-hint", bool(field.help_text)),
            (f"{field.auto_id}-error", bool(field.errors)),
        )
        if present
    )
    widget = ""
    if kind in INPUT_CLASSES:
        css = INPUT_CLASSES[kind]
        if field.errors:
            css += f" {css}--error"
        if width:
            css += f" govuk-input--width-{width}" if css.startswith("govuk-input") else ""
        attrs = {"class": css}
        if describedby:
            attrs["aria-describedby"] = describedby
        widget = field.as_widget(attrs=attrs)
    parts = []
    if kind == "dateparts":
        value = field.value()
        if isinstance(value, (list, tuple)):
            values = list(value) + [None] * (3 - len(value))
        else:
            values = field.field.widget.decompress(value)
        parts = [
            (f"{field.html_name}_{i}", f"{field.auto_id}_{i}", label, values[i] or "", size)
            for i, (label, size) in enumerate([("Day", 2), ("Month", 2), ("Year", 4)])
        ]
    return {
        "field": field,
        "kind": kind,
        "widget": widget,
        "describedby": describedby,
        "parts": parts,
    }


@register.simple_tag(takes_context=True)
def force_link(context, force):
    """The force's name, linked to its page when this person may open it."""
    from recommendations.access import can_see_force_work

    request = context["request"]
    if can_see_force_work(request.user, force):
        return format_html(
            '<a class="govuk-link" href="{}{}">{}</a>',
            reverse("forces:detail", args=[force.slug]),
            context.get("as_of_query", ""),
            force.name,
        )
    return force.name
