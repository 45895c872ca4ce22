from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import StrictDateField


class ActivityForm(forms.Form):
    """The activity report's question: as of which date, and quiet after how many days."""

    # Read as people type dates, and labelled, as on every page read as of a date (the
    # hints are the shared as-of form's).
    as_of = StrictDateField(what=_("the as-of date"), typed=True, required=False, label=_("As of"))
    known_on = StrictDateField(
        what=_("the known-on date"), typed=True, required=False, label=_("As known on")
    )
    days = forms.RegexField(
        regex=r"^[0-9]{1,4}$",
        required=False,
        label=_("Quiet after (days)"),
        help_text=_("Days with no update after which a force counts as quiet."),
        error_messages={"invalid": _("Enter the number of days as a whole number, for example 30")},
    )

    def clean_days(self):
        value = self.cleaned_data.get("days")
        if value in (None, ""):
            return settings.PEELTRACK_QUIET_DAYS
        days = int(value)
        if not 1 <= days <= 3650:
            raise forms.ValidationError(_("Enter a number of days from 1 to 3650"))
        return days
