from django import forms
from django.utils.translation import gettext_lazy as _


class DigestsForm(forms.Form):
    digests = forms.TypedChoiceField(
        label=_("Digests by email"),
        choices=[("on", _("Send me digests")), ("off", _("Do not send me digests"))],
        coerce=lambda value: value == "on",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to send you digests")},
    )
