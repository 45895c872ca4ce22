from django import forms

from core.forms import DateField, TextField
from core.text import limit_of

from .models import PublicationDay, Response
from .services import URL_LIMIT


class PublicationDayForm(forms.Form):
    published_on = DateField(
        what="the day the report was published",
        label="Day the report was published",
        example="22 3 2018",
        not_after_today=True,
    )
    reason = TextField(
        label="Where the day comes from",
        rows=2,
        max_length=limit_of(PublicationDay, "reason"),
        help_text="For example: the date on the inspectorate's web page for the report",
        error_messages={"required": "Enter where the day comes from"},
    )


class ResponseForm(forms.Form):
    published_on = DateField(
        what="the day the comments were published",
        label="Day the local policing body published its comments",
        not_after_today=True,
    )
    url = forms.CharField(
        label="Address of the published comments",
        max_length=URL_LIMIT,
        help_text="Starting https://",
        error_messages={"required": "Enter the address of the published comments"},
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
    )
    answers_every_recommendation = forms.TypedChoiceField(
        label="Do the comments say, for every recommendation addressed to the force, what "
        "has been or will be done, or why nothing?",
        help_text="Police Act 1996, section 55(5B).",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether every recommendation is answered"},
    )
    note = TextField(
        label="Note (staff only, never published)",
        rows=2,
        required=False,
        max_length=limit_of(Response, "note"),
        help_text="Needed when correcting a response already recorded.",
    )
