from django import forms
from django.conf import settings

from core.forms import StrictDateField


class ActivityForm(forms.Form):
    """The activity report's question: as of which date, and quiet after how many days."""

    as_of = StrictDateField(
        what="the as-of date",
        required=False,
        label="As of",
        help_text="YYYY-MM-DD; empty for today.",
    )
    known_on = StrictDateField(
        what="the known-on date",
        required=False,
        label="As known on",
        help_text="YYYY-MM-DD: the report as it stood at the end of that day.",
    )
    days = forms.RegexField(
        regex=r"^[0-9]{1,4}$",
        required=False,
        label="Quiet after (days)",
        error_messages={"invalid": "Enter the number of days as a whole number, for example 30"},
    )

    def clean_days(self):
        value = self.cleaned_data.get("days")
        if value in (None, ""):
            return settings.PEELTRACK_QUIET_DAYS
        days = int(value)
        if not 1 <= days <= 3650:
            raise forms.ValidationError("Enter a number of days from 1 to 3650")
        return days
