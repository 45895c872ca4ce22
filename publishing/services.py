"""Publishing: the one way the record becomes public, whichever door it comes through
(the inspectors' page, `manage.py publish`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import signed_in
from audit.history import Subject, day, log, write_transaction
from core import access, text
from core.dates import check_in_range, today
from core.refusals import Refused
from core.written import short_day

from .models import Publication

if TYPE_CHECKING:
    from core.access import Person


def latest() -> Publication | None:
    return Publication.objects.newest_first().first()


def publish(*, known_on: datetime.date, reason: str, by: Person | None) -> Publication:
    """Make the record public as it stood at the end of `known_on`, with the reason.

    The day must have ended, so nothing entered later can change what is published (a
    record entered today is dated today and stays out); and a publication never goes
    back before the one before it, so the public record only moves forward."""
    access.PUBLISH.check(by)
    by = signed_in(by)
    try:
        check_in_range(known_on, what=_("the known-on day"))
    except ValueError as error:
        raise Refused(str(error), field="known_on") from None
    if known_on >= today():
        raise Refused(
            gettext(
                "The known-on day must have ended, so that nothing entered later can change "
                "what is published: choose %(day)s or earlier"
            )
            % {"day": short_day(today() - datetime.timedelta(days=1))},
            field="known_on",
        )
    reason = text.clean(
        reason,
        what=gettext("the reason for publishing"),
        limit=text.limit_of(Publication, "reason"),
        required=True,
        field="reason",
    )
    with write_transaction():
        before = latest()
        if before is not None and known_on < before.known_on:
            raise Refused(
                gettext(
                    "The latest publication is of the record as known on %(day)s: a new one "
                    "cannot go back before it"
                )
                % {"day": short_day(before.known_on)},
                field="known_on",
            )
        if before is not None and known_on == before.known_on:
            raise Refused(
                gettext("The record as known on %(day)s is already published (%(published)s)")
                % {"day": short_day(known_on), "published": short_day(before.published_on)},
                field="known_on",
            )
        publication = Publication.objects.create(known_on=known_on, reason=reason, published_by=by)
        log(
            by=by,
            subject=Subject.PUBLICATION,
            subject_id=publication.pk,
            summary=f"Published the record as known on {day(known_on)}: {reason}",
            changes={"known_on": [None, known_on], "reason": reason},
        )
        # The public pages find the new publication at once in this process, and within
        # a minute in the others (publishing.caching).
        from .caching import forget_latest

        transaction.on_commit(forget_latest)
    return publication
