from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, TextField
from core.text import limit_of

from .models import PublicationDay, Response
from .services import URL_LIMIT


class PublicationDayForm(forms.Form):
    published_on = DateField(
        what=_("the day the report was published"),
        label=_("Day the report was published"),
        example="22 3 2018",
        not_after_today=True,
    )
    reason = TextField(
        label=_("Where the day comes from"),
        rows=2,
        max_length=limit_of(PublicationDay, "reason"),
        help_text=_("For example: the date on the inspectorate's web page for the report"),
        error_messages={"required": _("Enter where the day comes from")},
    )


class ResponseForm(forms.Form):
    published_on = DateField(
        what=_("the day the comments were published"),
        label=_("Day the local policing body published its comments"),
        not_after_today=True,
    )
    url = forms.CharField(
        label=_("Address of the published comments"),
        max_length=URL_LIMIT,
        help_text=_("Starting https://"),
        error_messages={"required": _("Enter the address of the published comments")},
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
    )
    answers_every_recommendation = forms.TypedChoiceField(
        label=_(
            "Do the comments say, for every recommendation addressed to the force, what "
            "has been or will be done, or why nothing?"
        ),
        help_text=_("Police Act 1996, section 55(5B)."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether every recommendation is answered")},
    )
    note = TextField(
        label=_("Note (staff only, never published)"),
        rows=2,
        required=False,
        max_length=limit_of(Response, "note"),
        help_text=_("Needed when correcting a response already recorded."),
    )
