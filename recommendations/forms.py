"""Forms for recording and planning, with error messages that say what to do."""

from __future__ import annotations

import datetime

from django import forms

from forces.models import Force, NationalBody

from .evidence_files import check_upload
from .models import Action, Milestone, ProgressRecord


class DatePartsWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes."""

    template_name = "govuk/date_parts_widget.html"

    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, checked with GOV.UK's wording."""

    widget = DatePartsWidget

    def __init__(self, *, what: str, example: str = "30 9 2018", **kwargs):
        self.what = what
        self.example = example
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        kwargs.setdefault("help_text", f"For example, {example}")
        super().__init__(fields, require_all_fields=False, **kwargs)
        self.error_messages = {
            "required": f"Enter {what}",
            "incomplete": f"Enter {what}, for example {example}",
            "invalid": f"{what[0].upper()}{what[1:]} must be a real date, for example {example}",
        }

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError(self.error_messages["incomplete"])
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"]) from None


class VersionedForm(forms.Form):
    """Carries the plan version the person started from, for the stale-edit check."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanSummaryForm(VersionedForm):
    summary = forms.CharField(
        label="Summary of the plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class AddActionForm(VersionedForm):
    description = forms.CharField(
        label="What the force will do",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what the force will do"},
    )
    horizon = forms.ChoiceField(
        label="Horizon",
        choices=Action.Horizon.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select short, medium or long term"},
    )
    owner = forms.CharField(
        label="Owner",
        help_text="The person or team responsible, for example Head of Crime",
        max_length=150,
        error_messages={"required": "Enter who owns this action"},
    )
    target_date = DateField(
        what="the target date",
        required=False,
        label="Target date",
        help_text="Leave empty for “as soon as possible”. For example, 30 9 2018",
    )


class ChangeActionForm(AddActionForm):
    status = forms.ChoiceField(
        label="Status", choices=Action.Status.choices, widget=forms.RadioSelect
    )
    completed_on = DateField(
        what="the date the action was completed",
        required=False,
        label="Date completed",
        help_text="Needed when the action is done. For example, 15 10 2018",
    )
    slip_reason = forms.CharField(
        label="Reason for changing the target date",
        help_text="Needed if you change the target date. Every change is kept and counted.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Action.Status.DONE
            and not data.get("completed_on")
            and "completed_on" not in self.errors
        ):
            self.add_error("completed_on", "Enter the date the action was completed")
        if (
            "target_date" in data
            and data.get("target_date") != self.action.target_date
            and not (data.get("slip_reason") or "").strip()
        ):
            self.add_error("slip_reason", "Give the reason the target date is changing")
        return data


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="What the file shows, for example Bail review report to chief officers",
        max_length=200,
        error_messages={"required": "Enter a title for the evidence"},
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word (DOCX), Excel (XLSX), CSV or an image",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter the reason"},
    )


class SubmitForm(VersionedForm):
    summary = forms.CharField(
        label="What you are submitting",
        help_text="Say what has changed since the last submission and what the evidence shows",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Enter what you are submitting"},
    )
    milestone = forms.ModelChoiceField(
        label="Milestone you say is met (optional)",
        queryset=Milestone.objects.none(),
        required=False,
        empty_label="None: this is an update, not a claim that a milestone is met",
        to_field_name="code",
    )
    evidence = forms.ModelMultipleChoiceField(
        label="Evidence to include",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = plan.recommendation.milestones.for_forces()
        self.fields["evidence"].queryset = plan.evidence.filter(withdrawn_at__isnull=True)


class DecisionForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(ACCEPT, "Accept and record progress"), (RETURN, "Return to the force")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept or return the submission"},
    )
    milestone = forms.ModelChoiceField(
        label="Milestone assessed",
        queryset=Milestone.objects.none(),
        required=False,
        empty_label="None: accept the plan without recording progress",
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ProgressRecord.Status.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    effective_on = DateField(
        what="the date the progress took effect",
        required=False,
        label="Date the progress took effect",
    )
    note = forms.CharField(
        label="Note: what you saw and what the assessment rests on",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    reason = forms.CharField(
        label="Reason for returning it",
        help_text="The force liaison sees this",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "milestone"
        ].queryset = submission.action_plan.recommendation.milestones.for_forces()
        if submission.milestone_id and not self.is_bound:
            self.initial.setdefault("milestone", submission.milestone.code)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Enter the reason for returning the submission")
        elif data.get("decision") == self.ACCEPT:
            if not (data.get("note") or "").strip():
                self.add_error("note", "Enter a note saying what the assessment rests on")
            if data.get("milestone"):
                if not data.get("status"):
                    self.add_error("status", "Select the milestone's status")
                if not data.get("effective_on") and "effective_on" not in self.errors:
                    self.add_error("effective_on", "Enter the date the progress took effect")
        return data


def owner_choices():
    forces = [(f"force:{f.slug}", f.name) for f in Force.objects.all()]
    bodies = [(f"body:{b.slug}", b.name) for b in NationalBody.objects.all()]
    return [
        ("", "Choose a force or national body"),
        ("Forces", forces),
        ("National bodies", bodies),
    ]


class RecordProgressForm(forms.Form):
    owner = forms.ChoiceField(
        label="Force or national body",
        error_messages={"required": "Choose a force or national body"},
    )
    milestone = forms.ModelChoiceField(
        label="Milestone",
        queryset=Milestone.objects.all(),
        to_field_name="code",
        error_messages={"required": "Choose a milestone"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ProgressRecord.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    effective_on = DateField(
        what="the date the progress took effect", label="Date the progress took effect"
    )
    note = forms.CharField(
        label="Note: what you saw and what the assessment rests on",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    corrects = forms.ModelChoiceField(
        queryset=ProgressRecord.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices()

    def clean_owner(self):
        kind, _, slug = self.cleaned_data["owner"].partition(":")
        model = Force if kind == "force" else NationalBody
        found = model.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError("Choose a force or national body from the list")
        return found


class ScopeForm(forms.Form):
    milestone = forms.ModelChoiceField(
        label="Milestone",
        queryset=Milestone.objects.for_forces(),
        to_field_name="code",
        error_messages={"required": "Choose a milestone"},
    )
    in_scope = forms.TypedChoiceField(
        label="Change",
        choices=[("false", "Take the force out of scope"), ("true", "Bring the force into scope")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the force comes into or goes out of scope"},
    )
    effective_on = DateField(
        what="the date the change takes effect", label="Date the change takes effect"
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="For example: full contingent of investigators, so no shortage",
        error_messages={"required": "Enter the reason for the change of scope"},
    )
