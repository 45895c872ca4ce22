from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from policing_bodies.obligations import STATUSES

register = template.Library()

COLOURS = {"overdue": "red", "due": "blue", "unknown": "grey", "met_late": "yellow", "met": "green"}


@register.simple_tag
def response_tag(obligation) -> SafeString:
    """The obligation's status as a GOV.UK tag, with how late or how soon in words."""
    status = obligation.status
    tag = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', COLOURS[status], STATUSES[status]
    )
    if obligation.days_overdue:
        return format_html(
            '{} <span class="govuk-body-s">{} days</span>', tag, f"{obligation.days_overdue:,}"
        )
    if obligation.days_late:
        return format_html(
            '{} <span class="govuk-body-s">{} days late</span>', tag, f"{obligation.days_late:,}"
        )
    return tag


@register.filter
def answered(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "—"}[value]
