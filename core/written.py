"""Dates and numbers as the page's language writes them: "30 September 2018" in
English, "30 Medi 2018" in Welsh. Every date a person reads is formatted here, through
Django's formatting, never by hand with strftime (whose month names are always
English)."""

from __future__ import annotations

import datetime
import re

from django.utils import formats, timezone, translation


def long_day(day: datetime.date) -> str:
    """ "30 September 2018": how text writes a date."""
    return formats.date_format(day, "j F Y")


def short_day(day: datetime.date) -> str:
    """ "30 Sep 2018": how tables write a date."""
    return formats.date_format(day, "j M Y")


def weekday(day: datetime.date) -> str:
    """ "Sunday 30 September 2018": how a letter writes a date."""
    return formats.date_format(day, "l j F Y")


def month(day: datetime.date) -> str:
    """ "September 2018": a date known to the month."""
    return formats.date_format(day, "F Y")


def moment(when: datetime.datetime) -> str:
    """ "30 September 2018, 14:05": a moment, in the site's time zone."""
    local = timezone.localtime(when)
    return f"{long_day(local)}, {local:%H:%M}"


def number(count: int) -> str:
    """ "2,984": thousands separated, as GOV.UK writes numbers."""
    return formats.number_format(count, force_grouping=True)


# Welsh writes a weekday "dydd Sul" inside a sentence, and "dydd" softens to "ddydd"
# after the prepositions that cause soft mutation ("ar ddydd Sul 30 Medi 2018"). Django's
# Welsh day names are written for the start of a line ("Dydd Sul"), so a sentence that
# puts one after a word is put right here, once the sentence is whole.
_SOFTENS = r"ar|am|o|i|dros|drwy|trwy|wrth|gan|heb|dan|tan|hyd"
_AFTER_SOFTENING = re.compile(rf"\b({_SOFTENS}) Dydd\b")
_INSIDE_A_SENTENCE = re.compile(r"(?<=[\w,’)]) Dydd\b")


def in_running_text(text: str) -> str:
    """The weekdays in a Welsh text as a sentence has them; other languages' unchanged."""
    if translation.get_language() != "cy":
        return text
    text = _AFTER_SOFTENING.sub(r"\1 ddydd", text)
    return _INSIDE_A_SENTENCE.sub(" dydd", text)
