from django import forms


class DigestsForm(forms.Form):
    digests = forms.TypedChoiceField(
        label="Digests by email",
        choices=[("on", "Send me digests"), ("off", "Do not send me digests")],
        coerce=lambda value: value == "on",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to send you digests"},
    )
