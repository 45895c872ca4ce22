"""Dates as the inspectorate uses them: UK days, written YYYY-MM-DD in addresses and
files, and read as people type them in forms."""

from __future__ import annotations

import datetime
import re

from dateutil import parser
from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

# Nothing in the record can have happened before the inspection it follows.
EARLIEST = datetime.date(2017, 1, 1)
# The last date whose "day after" and "30 days later" a date library can still hold.
LATEST = datetime.date(9999, 1, 1)

# What a date is called in a message when the caller names it nothing more exact.
THE_DATE = gettext_lazy("the date")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_FIRST = re.compile(r"\d{4}\D")


def today() -> datetime.date:
    """Today in the inspectorate's time zone (settings.TIME_ZONE, Europe/London)."""
    return timezone.localdate()


def opening_day() -> datetime.date:
    """The day a page reads "as of" when no date is chosen: today, or, where the
    installation says so (settings.PEELTRACK_PAGES_OPEN_ON: the demo), a day of its own.
    (A page's downloads follow the page; the API and commands always mean today.)"""
    return settings.PEELTRACK_PAGES_OPEN_ON or today()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends in UK time: what was known "on" that day."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


type What = str | Promise


def say(message: str, what: What) -> str:
    """A message naming the date, as a sentence: with a capital even where the date's
    name opens it ("The target date must…"), whatever the language puts first. (The
    Welsh puts the name where it reads unchanged, "Rhowch ddyddiad go iawn ar gyfer y
    dyddiad targed": after "i" it would have to become "i’r dyddiad targed".)"""
    said = message % {"what": what}
    return f"{said[0].upper()}{said[1:]}"


def parse_iso_date(value: str, *, what: What = THE_DATE) -> datetime.date:
    """A date written exactly YYYY-MM-DD, or ValueError with a message to show.

    Python's own parser also takes 20180901 and 2018-W35-6; people reading a file
    or a URL would not, so neither does this.
    """
    text = (value or "").strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(say(gettext("Enter %(what)s as YYYY-MM-DD, for example 2018-10-01"), what))
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(say(gettext("%(what)s must be a real date"), what)) from None


def check_in_range(
    day: datetime.date,
    *,
    what: What = THE_DATE,
    not_after_today: bool = False,
) -> datetime.date:
    """Refuse dates before the record begins (and, if asked, after today)."""
    if day < EARLIEST:
        raise ValueError(say(gettext("%(what)s must be on or after 1 January 2017"), what))
    if day > LATEST:
        raise ValueError(say(gettext("%(what)s must be before the year 9999"), what))
    if not_after_today and day > today():
        raise ValueError(say(gettext("%(what)s must be today or in the past"), what))
    return day


# Two defaults that differ in every part: a part the text leaves out shows as a difference.
_DEFAULTS = (datetime.datetime(2001, 1, 1), datetime.datetime(2002, 2, 2))


def read_typed_date(value: str, *, what: What = THE_DATE) -> datetime.date:
    """A date as people type it in the UK, day first: 2018-10-01, 1/10/2018, 01.10.18,
    1 Oct 2018, 1 October 2018. ValueError with a message to show when the text is not
    a date, or leaves out its day, month or year.

    Read by python-dateutil's parser (day first); the text must give all three parts,
    so "October 2018" or "1/10" is refused rather than completed with a guess.
    """
    text = (value or "").strip()
    if _ISO_DATE.fullmatch(text):
        return parse_iso_date(text, what=what)
    example = say(
        gettext("Enter %(what)s as a day, month and year, for example 1/10/2018 or 1 Oct 2018"),
        what,
    )
    # Digits alone (20181001) say nothing of their order: refused, not guessed.
    if not text or len(text) > 40 or text.isdigit():
        raise ValueError(example)
    # A year written first (2018/10/01) is followed by its month, as in YYYY-MM-DD.
    year_first = bool(_YEAR_FIRST.match(text))
    try:
        read = [
            parser.parse(text, dayfirst=not year_first, yearfirst=year_first, default=default)
            for default in _DEFAULTS
        ]
    except (ValueError, OverflowError) as error:
        if "out of range" in str(error):  # 31/2/2018: a day the month does not have
            raise ValueError(say(gettext("%(what)s must be a real date"), what)) from None
        raise ValueError(example) from None
    first, second = read
    if first != second or first.time() != datetime.time.min:
        raise ValueError(example)
    return first.date()
