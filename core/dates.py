"""Dates as the inspectorate uses them: UK days, written YYYY-MM-DD."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

# Nothing in the record can have happened before the inspection it follows.
EARLIEST = datetime.date(2017, 1, 1)
# The last date whose "day after" and "30 days later" a date library can still hold.
LATEST = datetime.date(9999, 1, 1)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def today() -> datetime.date:
    """Today in the inspectorate's time zone (settings.TIME_ZONE, Europe/London)."""
    return timezone.localdate()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends in UK time: what was known "on" that day."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def parse_iso_date(value: str, *, what: str = "the date") -> datetime.date:
    """A date written exactly YYYY-MM-DD, or ValueError with a message to show.

    Python's own parser also takes 20180901 and 2018-W35-6; people reading a file
    or a URL would not, so neither does this.
    """
    text = (value or "").strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"Enter {what} as YYYY-MM-DD, for example 2018-10-01")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what[0].upper()}{what[1:]} must be a real date") from None


def check_in_range(
    day: datetime.date,
    *,
    what: str = "the date",
    not_after_today: bool = False,
) -> datetime.date:
    """Refuse dates before the record begins (and, if asked, after today)."""
    if day < EARLIEST:
        raise ValueError(f"{what[0].upper()}{what[1:]} must be on or after 1 January 2017")
    if day > LATEST:
        raise ValueError(f"{what[0].upper()}{what[1:]} must be before the year 9999")
    if not_after_today and day > today():
        raise ValueError(f"{what[0].upper()}{what[1:]} must be today or in the past")
    return day
