from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, TextField
from core.text import limit_of

from .models import Publication


class PublishForm(forms.Form):
    known_on = DateField(
        what=_("the known-on day"),
        label=_("Publish the record as it stood at the end of"),
        help_text=_("A day that has ended: what had been entered by the end of it is published."),
        not_after_today=True,
    )
    reason = TextField(
        label=_("Reason"),
        rows=3,
        max_length=limit_of(Publication, "reason"),
        help_text=_("For example: quarterly publication after the January 2019 deadlines"),
        error_messages={"required": _("Enter the reason for publishing")},
    )
