"""Forms for recording progress and changing scope, with errors that say what to do.

The forms read and check what was typed; the rules themselves are the services'
(recommendations.services), so a page can never accept what the API or an import
would refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import written
from core.forms import DateField, TextField
from core.text import limit_of
from forces.models import Force, NationalBody

from .models import Milestone, ProgressRecord, ScopeChange
from .services import ProgressEntry, RecordRules


def owner_choices() -> list[tuple[str, str | list[tuple[str, str]]]]:
    forces = [(f"force:{f.slug}", f.name) for f in Force.objects.all()]
    bodies = [(f"body:{b.slug}", b.name) for b in NationalBody.objects.all()]
    return [
        ("", gettext("Choose a force or national body")),
        (gettext("Forces"), forces),
        (gettext("National bodies"), bodies),
    ]


def note_field(**kwargs: Any) -> TextField:
    """An assessment's note: what the inspector saw and what the assessment rests on."""
    return TextField(
        label=_("Note: what you saw and what the assessment rests on"),
        rows=4,
        required=False,
        max_length=limit_of(ProgressRecord, "note"),
        **kwargs,
    )


def public_summary_field(**kwargs: Any) -> TextField:
    """What the public may read about an assessment once published: the only words of a
    progress record a public page shows."""
    return TextField(
        label=_("Public summary (optional)"),
        help_text=_(
            "Shown on the public pages once the tracker is next published. Write for "
            "anyone: no names, evidence or anything private. Your note above is never shown."
        ),
        rows=3,
        required=False,
        max_length=limit_of(ProgressRecord, "public_summary"),
        **kwargs,
    )


def effective_on_field(**kwargs: Any) -> DateField:
    return DateField(
        what=_("the date the progress took effect"),
        label=_("Date the progress took effect"),
        not_after_today=True,
        **kwargs,
    )


if TYPE_CHECKING:
    # Generic only to the checker (django-stubs); at run time it takes no parameters.
    _MilestoneChoice = forms.ModelChoiceField[Milestone]
else:
    _MilestoneChoice = forms.ModelChoiceField


class MilestoneChoiceField(_MilestoneChoice):
    """Milestones named in full: the item, what must happen, its code, when, and the
    report."""

    def label_from_instance(self, milestone: Milestone) -> str:
        if milestone.due_on:
            due = gettext("due %(day)s") % {"day": written.long_day(milestone.due_on)}
        else:
            due = gettext("no due date")
        report = milestone.recommendation.report.local_title
        return f"{milestone.full_name}, {due} — {report}"


class RecordProgressForm(forms.Form):
    owner = forms.ChoiceField(
        label=_("Force or national body"),
        error_messages={"required": _("Choose a force or national body")},
    )
    milestone = MilestoneChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.select_related("recommendation__report"),
        to_field_name="code",
        error_messages={"required": _("Choose a milestone")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ProgressRecord.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the status")},
    )
    effective_on = effective_on_field()
    note = note_field()
    public_summary = public_summary_field()

    def __init__(self, *args: Any, correcting: ProgressRecord | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        cast(forms.ChoiceField, self.fields["owner"]).choices = owner_choices()
        if correcting is not None:
            # A correction is for the same force and milestone: shown, not chosen.
            del self.fields["owner"]
            del self.fields["milestone"]

    def clean_owner(self) -> Force | NationalBody:
        kind, _, slug = self.cleaned_data["owner"].partition(":")
        owners: dict[str, type[Force] | type[NationalBody]] = {"force": Force, "body": NationalBody}
        model = owners.get(kind)
        found = model.objects.filter(slug=slug).first() if model else None
        if found is None:
            raise forms.ValidationError(gettext("Choose a force or national body from the list"))
        return found

    def clean(self) -> dict[str, Any]:
        """Every problem at once: the fields' own and the service's rules for a record
        (recommendations.services.RecordRules), as far as what was typed allows: a
        national milestone chosen for a force is said beside a missing date."""
        data = super().clean() or {}
        if self.correcting is None and not {"owner", "milestone"} <= data.keys():
            return data
        owner, milestone = self.owner_and_milestone()
        entry = ProgressEntry(
            milestone=milestone,
            status=data.get("status") or "",
            effective_on=data.get("effective_on"),
            note=(data.get("note") or "").strip(),
            public_summary=(data.get("public_summary") or "").strip(),
            force=owner if isinstance(owner, Force) else None,
            national_body=owner if isinstance(owner, NationalBody) else None,
            corrects=self.correcting,
        )
        for field, message in RecordRules().found(entry):
            field_or_none = field if field in self.fields else None
            if field_or_none not in self.errors:
                self.add_error(field_or_none, message)
        return data

    def owner_and_milestone(self) -> tuple[Force | NationalBody | None, Milestone]:
        if self.correcting is not None:
            return self.correcting.owner, self.correcting.milestone
        return self.cleaned_data["owner"], self.cleaned_data["milestone"]


class ScopeForm(forms.Form):
    milestone = MilestoneChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.for_forces().select_related("recommendation__report"),
        to_field_name="code",
        error_messages={"required": _("Choose a milestone")},
    )
    in_scope = forms.TypedChoiceField(
        label=pgettext_lazy("scope", "Change"),
        choices=[
            ("false", _("Take the force out of scope")),
            ("true", _("Bring the force into scope")),
        ],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the force comes into or goes out of scope")},
    )
    effective_on = DateField(
        what=_("the date the change takes effect"), label=_("Date the change takes effect")
    )
    reason = TextField(
        label=_("Reason"),
        rows=3,
        max_length=limit_of(ScopeChange, "reason"),
        help_text=_("For example: full contingent of investigators, so no shortage"),
        error_messages={"required": _("Enter the reason for the change of scope")},
    )


class LoadReportForm(forms.Form):
    file = forms.FileField(
        label=_("The report's file"),
        help_text=_("YAML (.yaml, .yml) or JSON (.json), up to 5 MB."),
        error_messages={
            "required": _("Choose the report's file"),
            "empty": _("The file is empty"),
        },
    )
    check_only = forms.BooleanField(
        label=_("Check only: say what would be loaded, and write nothing"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(gettext("The file must be smaller than 5 MB"))
        if not (upload.name or "").lower().endswith((".yaml", ".yml", ".json")):
            raise forms.ValidationError(
                gettext("The file must be YAML (.yaml, .yml) or JSON (.json)")
            )
        return upload
