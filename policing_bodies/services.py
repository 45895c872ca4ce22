"""The one way to set a report's day of publication and to record a local policing
body's response, whichever door it comes through (the responses pages, the command)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import signed_in
from audit.history import Subject, day, log, write_transaction
from core import access, text
from core.dates import check_in_range
from core.refusals import Refused
from core.written import short_day
from forces.models import Force
from recommendations.models import Precision, Report

from .models import PublicationDay, Response
from .obligations import due_on, publication_day, stated_period

if TYPE_CHECKING:
    from core.access import Person

URL_LIMIT = 500


def set_publication_day(
    *, report: Report, published_on: datetime.date, reason: str, by: Person | None
) -> PublicationDay:
    """Set the day a report was published, where its file gives only the month or year:
    the 56-day period of its responses begins on it."""
    access.SET_PUBLICATION_DAY.check(by)
    by = signed_in(by)
    if not report.responses_required:
        raise Refused(
            gettext("%(report)s asks for no responses") % {"report": report.local_title},
            field="report",
        )
    if report.published_precision == Precision.DAY and report.published_on is not None:
        raise Refused(
            gettext("The file of %(report)s gives the day it was published (%(day)s)")
            % {"report": report.local_title, "day": short_day(report.published_on)},
            field="published_on",
        )
    try:
        check_in_range(published_on, what=_("the day of publication"), not_after_today=True)
    except ValueError as error:
        raise Refused(str(error), field="published_on") from None
    period = stated_period(report)
    if period is not None and not period[0] <= published_on <= period[1]:
        raise Refused(
            gettext("%(report)s was published in %(when)s: choose a day from %(first)s to %(last)s")
            % {
                "report": report.local_title,
                "when": report.published,
                "first": short_day(period[0]),
                "last": short_day(period[1]),
            },
            field="published_on",
        )
    reason = text.clean(
        reason,
        what=gettext("the reason (where the day comes from)"),
        limit=text.limit_of(PublicationDay, "reason"),
        required=True,
        field="reason",
    )
    with write_transaction():
        before = publication_day(
            report, PublicationDay.objects.filter(report=report).order_by("recorded_at", "id")
        )
        if before == published_on:
            raise Refused(
                gettext("%(report)s is already recorded as published on %(day)s")
                % {"report": report.local_title, "day": short_day(published_on)},
                field="published_on",
            )
        entry = PublicationDay.objects.create(
            report=report, published_on=published_on, reason=reason, recorded_by=by
        )
        log(
            by=by,
            subject=Subject.PUBLICATION_DAY,
            subject_id=entry.pk,
            summary=f"Set the day {report.title} was published to {day(published_on)} "
            f"(responses due by {day(due_on(published_on))}): {reason}",
            changes={"published_on": [before, published_on], "reason": reason},
        )
    return entry


def record_response(
    *,
    report: Report,
    force: Force,
    published_on: datetime.date,
    url: str,
    answers_every_recommendation: bool,
    note: str = "",
    by: Person | None,
) -> Response:
    """Record that the force's local policing body published its comments on the report.
    A second record for the same report and force is a correction and needs a note."""
    access.RECORD_RESPONSE.check(by)
    access.check_may_record_response(by, force)
    by = signed_in(by)
    if not report.responses_required:
        raise Refused(
            gettext("%(report)s asks for no responses") % {"report": report.local_title},
            field="report",
        )
    try:
        check_in_range(
            published_on, what=_("the day the comments were published"), not_after_today=True
        )
    except ValueError as error:
        raise Refused(str(error), field="published_on") from None
    period = stated_period(report)
    if period is not None and published_on < period[0]:
        raise Refused(
            gettext("The comments cannot come before the report: it was published in %(when)s")
            % {"when": report.published},
            field="published_on",
        )
    url = text.clean(url, what=gettext("the address"), limit=URL_LIMIT, required=True, field="url")
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise Refused(
            gettext("Enter the address where the comments are published, starting https://"),
            field="url",
        ) from None
    note = text.clean(
        note, what=gettext("the note"), limit=text.limit_of(Response, "note"), field="note"
    )
    with write_transaction():
        earlier = Response.objects.filter(report=report, force=force).exists()
        if earlier and not note:
            raise Refused(
                gettext("A response is already recorded: say in the note what this one corrects"),
                field="note",
            )
        response = Response.objects.create(
            report=report,
            force=force,
            published_on=published_on,
            url=url,
            answers_every_recommendation=answers_every_recommendation,
            note=note,
            recorded_by=by,
        )
        answered = (
            "answering every recommendation"
            if answers_every_recommendation
            else ("not answering every recommendation")
        )
        log(
            by=by,
            force=force,
            subject=Subject.RESPONSE,
            subject_id=response.pk,
            summary=f"{'Corrected' if earlier else 'Recorded'} {force}'s local policing body's "
            f"response to {report.title}: published {day(published_on)}, {answered}"
            + (f": {note}" if note else ""),
            changes={
                "published_on": [None, published_on],
                "url": url,
                "answers_every_recommendation": answers_every_recommendation,
            },
        )
    return response
