"""Forms for keeping action plans and assessing submissions, with errors that say what to do.

The forms read and check what was typed; the workflow's rules are the services'
(plans.services), whichever door a change comes through.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmOverwriteField, DateField, TextField
from core.refusals import put_on_form
from core.text import limit_of
from recommendations.forms import (
    MilestoneChoiceField,
    effective_on_field,
    note_field,
    public_summary_field,
)
from recommendations.models import Milestone, ProgressRecord

from .evidence_files import ALLOWED, MB
from .models import Action, ActionPlan, Evidence, Submission, TargetDateSlip
from .services import acceptance_problems


class VersionedForm(forms.Form):
    """Carries the plan version the person started from, for the stale-edit check.

    After a clash the page shows the other person's version beside this one and asks
    the person to tick `overwrite` before saving theirs over it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    clash = forms.BooleanField(widget=forms.HiddenInput, required=False)
    overwrite = ConfirmOverwriteField(label=_("Replace their changes with mine"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("clash") and not data.get("overwrite"):
            self.add_error(
                "overwrite",
                _("Tick the box to replace their changes with yours, or cancel to keep theirs"),
            )
        return data


class PlanSummaryForm(VersionedForm):
    summary = TextField(
        label=_("Summary of the plan"),
        rows=4,
        required=False,
        max_length=limit_of(ActionPlan, "summary"),
    )
    # The plan being edited, set by the page once it has read the post.
    plan_pk: int | None = None


class AddActionForm(VersionedForm):
    description = TextField(
        label=_("What the force will do"),
        rows=3,
        max_length=limit_of(Action, "description"),
        error_messages={"required": _("Enter what the force will do")},
    )
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        choices=Action.Horizon.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select short, medium or long term")},
    )
    owner = TextField(
        label=_("Owner"),
        help_text=_("The person or team responsible, for example Head of Crime"),
        max_length=limit_of(Action, "owner"),
        error_messages={"required": _("Enter who owns this action")},
    )
    target_date = DateField(
        what=_("the target date"),
        required=False,
        label=_("Target date"),
        help_text=_("Leave empty for “as soon as possible”. For example, 30 9 2018"),
    )


class ChangeActionForm(AddActionForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=Action.Status.choices, widget=forms.RadioSelect
    )
    completed_on = DateField(
        what=_("the date the action was completed"),
        required=False,
        label=_("Date completed"),
        help_text=_("Needed when the action is done. For example, 15 10 2018"),
    )
    slip_reason = TextField(
        label=_("Reason for changing the target date"),
        help_text=_("Needed if you change the target date. Every change is kept and counted."),
        rows=2,
        required=False,
        max_length=limit_of(TargetDateSlip, "reason"),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action


class EvidenceForm(forms.Form):
    title = TextField(
        label=_("Title"),
        help_text=_("What the file shows, for example Bail review report to chief officers"),
        max_length=limit_of(Evidence, "title"),
        error_messages={"required": _("Enter a title for the evidence")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=lazy(
            lambda: (
                gettext("%(kinds)s. Up to %(megabytes)s MB.")
                % {"kinds": ALLOWED, "megabytes": settings.PEELTRACK_EVIDENCE_MAX_BYTES // MB}
            ),
            str,
        )(),
        error_messages={"required": _("Select a file"), "empty": _("The selected file is empty")},
    )


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Reason"),
        rows=3,
        max_length=limit_of(Evidence, "withdrawal_reason"),
        error_messages={"required": _("Enter the reason")},
    )


class SubmitForm(VersionedForm):
    summary = TextField(
        label=_("What you are submitting"),
        help_text=_("Say what has changed since the last submission and what the evidence shows"),
        rows=5,
        max_length=limit_of(Submission, "summary"),
        error_messages={"required": _("Enter what you are submitting")},
    )
    milestone = MilestoneChoiceField(
        label=_("Milestone you say is met (optional)"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("None: this is an update, not a claim that a milestone is met"),
        to_field_name="code",
    )
    evidence: forms.ModelMultipleChoiceField[Evidence] = forms.ModelMultipleChoiceField(
        label=_("Evidence to include"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The fields declared above, whose choices depend on the plan.
        cast(
            MilestoneChoiceField, self.fields["milestone"]
        ).queryset = plan.recommendation.milestones.for_forces().select_related(
            "recommendation__report"
        )
        cast(
            "forms.ModelMultipleChoiceField[Evidence]", self.fields["evidence"]
        ).queryset = plan.evidence.filter(withdrawn_at__isnull=True)


class DecisionForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(ACCEPT, _("Accept and record progress")), (RETURN, _("Return to the force"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to accept or return the submission")},
    )
    milestone = MilestoneChoiceField(
        label=_("Milestone assessed"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("None: accept the plan without recording progress"),
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ProgressRecord.Status.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    effective_on = effective_on_field(required=False)
    note = note_field()
    public_summary = public_summary_field()
    reason = TextField(
        label=_("Reason for returning it"),
        help_text=_("The force liaison sees this"),
        rows=3,
        required=False,
        max_length=limit_of(Submission, "decision_note"),
    )

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            MilestoneChoiceField, self.fields["milestone"]
        ).queryset = submission.action_plan.recommendation.milestones.for_forces().select_related(
            "recommendation__report"
        )
        if not self.is_bound and submission.milestone is not None:
            self.initial.setdefault("milestone", submission.milestone.code)
        self.submission = submission

    def clean(self) -> dict[str, Any]:
        """Every problem at once: the fields' own and accepting's (the service's rule,
        plans.services.acceptance_problems), together."""
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.ACCEPT:
            for problem in acceptance_problems(
                self.submission,
                data.get("milestone"),
                data.get("status"),
                data.get("effective_on"),
                data.get("note") or "",
            ):
                if problem.field not in self.errors:
                    put_on_form(self, problem)
        return data
