"""Weekdays inside Welsh sentences: lower case, softened after the prepositions that
soften ("ar ddydd Sul"); English, and a weekday starting a line, left alone."""

import datetime

from django.utils import translation

from core import written

SUNDAY = datetime.date(2018, 9, 30)


def test_a_weekday_after_ar_is_softened_and_inside_a_sentence_lower_case():
    with translation.override("cy"):
        day = written.weekday(SUNDAY)
        assert day == "Dydd Sul 30 Medi 2018"
        assert written.in_running_text(f"Roedd yn ddyledus ar {day}.") == (
            "Roedd yn ddyledus ar ddydd Sul 30 Medi 2018."
        )
        assert written.in_running_text(f"Yn ddyledus erbyn {day}.") == (
            "Yn ddyledus erbyn dydd Sul 30 Medi 2018."
        )
        assert written.in_running_text(f"{day}: y dyddiad cau") == f"{day}: y dyddiad cau"
        assert written.in_running_text(f"Dyddiad cau\n{day}") == f"Dyddiad cau\n{day}"


def test_english_is_left_as_it_is():
    with translation.override("en-gb"):
        text = f"It was due on {written.weekday(SUNDAY)}."
        assert text == "It was due on Sunday 30 September 2018."
        assert written.in_running_text(text) == text
