from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from core import written
from policing_bodies import obligations
from policing_bodies.obligations import STATUSES
from recommendations.progress import Knowledge
from recommendations.templatetags.standings import days as _days

register = template.Library()

COLOURS = {"overdue": "red", "due": "blue", "unknown": "grey", "met_late": "yellow", "met": "green"}


@register.simple_tag
def response_tag(obligation) -> SafeString:
    """The obligation's status as a GOV.UK tag, with how late or how soon in words."""
    status = obligation.status
    tag = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        COLOURS[status],
        gettext(STATUSES[status]),
    )
    if obligation.days_overdue:
        return format_html(
            '{} <span class="govuk-body-s">{}</span>', tag, _days(obligation.days_overdue)
        )
    if obligation.days_late:
        return format_html(
            '{} <span class="govuk-body-s">{}</span>',
            tag,
            ngettext("%(count)s day late", "%(count)s days late", obligation.days_late)
            % {"count": written.number(obligation.days_late)},
        )
    return tag


@register.filter
def answered(value: bool | None) -> str:
    return {True: gettext("Yes"), False: gettext("No"), None: "—"}[value]


@register.inclusion_tag("policing_bodies/_dashboard_responses.html")
def responses_due(report, as_of, known_on, user) -> dict[str, object]:
    """The dashboard's word on the local policing bodies' responses to the report shown,
    as of its date and as known on its day: how many of each status (a liaison's own
    force's only, as on the responses page). Nothing for a report that asks for none."""
    if report is None or not report.responses_required:
        return {"report": None}
    rows = obligations.obligations(
        as_of,
        Knowledge(known_on),
        reports=[report],
        forces=obligations.forces_seen_by(user),
    )
    counted = obligations.count(rows)
    return {
        "report": report,
        "as_of": as_of,
        "counts": [(key, label, counted[key]) for key, label in STATUSES.items()],
        "due": next((row.due_on for row in rows if row.due_on), None),
        "period_days": obligations.PERIOD_DAYS,
    }
