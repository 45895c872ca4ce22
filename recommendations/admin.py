from django import forms
from django.contrib import admin

from .models import (
    Action,
    ActionPlan,
    Evidence,
    HistoryEntry,
    Milestone,
    ProgressRecord,
    Recommendation,
    Report,
    ScopeChange,
    Submission,
    TargetDateSlip,
)
from .services import change_scope, progress_record_problems, record_progress


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    show_change_link = True


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "inspectorate", "published_label"]
    search_fields = ["title", "slug"]
    date_hierarchy = "published_on"
    inlines = [RecommendationInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    show_change_link = True
    fields = ["code", "description", "due_on", "owner", "national_body", "default_scope"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["number", "theme", "report"]
    list_filter = ["report"]
    list_select_related = ["report"]
    search_fields = ["theme", "text"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "due_on", "owner", "national_body", "default_scope"]
    list_filter = ["recommendation", "owner", "national_body", "default_scope"]
    list_select_related = ["recommendation", "national_body"]
    search_fields = ["code", "description"]
    date_hierarchy = "due_on"


class AppendOnlyAdmin(admin.ModelAdmin):
    """History is appended, never rewritten: rows can be added and read, not changed."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class ScopeChangeForm(forms.ModelForm):
    class Meta:
        model = ScopeChange
        fields = ["milestone", "force", "in_scope", "effective_on", "reason"]

    def clean(self):
        data = super().clean()
        milestone = data.get("milestone")
        if milestone is not None and not milestone.is_for_forces:
            self.add_error(
                "milestone", f"{milestone.code} belongs to a national body: it has no force scope"
            )
        if not (data.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", "Give the reason for the change of scope")
        return data


@admin.register(ScopeChange)
class ScopeChangeAdmin(AppendOnlyAdmin):
    list_display = ["force", "milestone", "in_scope", "effective_on", "reason", "recorded_by"]
    list_filter = ["milestone", "in_scope", "force__country", "force"]
    list_select_related = ["force", "milestone", "recorded_by"]
    search_fields = ["force__name", "reason"]
    autocomplete_fields = ["force"]
    date_hierarchy = "effective_on"
    form = ScopeChangeForm

    def save_model(self, request, obj, form, change):
        change = change_scope(
            milestone=obj.milestone,
            force=obj.force,
            in_scope=obj.in_scope,
            effective_on=obj.effective_on,
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = change.pk
        obj._state.adding = False


class ProgressRecordForm(forms.ModelForm):
    """The admin's door applies the same rules as every other way of recording progress."""

    class Meta:
        model = ProgressRecord
        fields = [
            "milestone",
            "force",
            "national_body",
            "status",
            "effective_on",
            "note",
            "corrects",
            "basis_submission",
            "basis_evidence",
        ]

    def clean(self):
        data = super().clean()
        if data.get("milestone") is None:
            return data
        problems = progress_record_problems(
            milestone=data["milestone"],
            status=data.get("status", ""),
            effective_on=data.get("effective_on"),
            note=data.get("note", ""),
            force=data.get("force"),
            national_body=data.get("national_body"),
            corrects=data.get("corrects"),
        )
        if problems:
            raise forms.ValidationError(problems)
        return data


@admin.register(ProgressRecord)
class ProgressRecordAdmin(AppendOnlyAdmin):
    list_display = [
        "effective_on",
        "owner_name",
        "milestone",
        "status",
        "note",
        "recorded_by",
        "recorded_at",
        "source",
        "corrects",
    ]
    list_filter = [
        "status",
        "milestone__recommendation",
        "milestone",
        "source",
        "force__country",
        "force",
        "national_body",
    ]
    list_select_related = ["force", "national_body", "milestone", "recorded_by", "corrects"]
    search_fields = ["force__name", "force__slug", "national_body__name", "note"]
    autocomplete_fields = ["force", "corrects"]
    date_hierarchy = "effective_on"
    form = ProgressRecordForm

    @admin.display(description="Force or national body")
    def owner_name(self, obj):
        return obj.owner

    def save_model(self, request, obj, form, change):
        # Through the service, so the record is checked, logged and appended like any other.
        record = record_progress(
            milestone=obj.milestone,
            status=obj.status,
            effective_on=obj.effective_on,
            note=obj.note,
            force=obj.force,
            national_body=obj.national_body,
            corrects=obj.corrects,
            basis_submission=obj.basis_submission,
            by=request.user,
            source=ProgressRecord.Source.ADMIN,
        )
        obj.pk = record.pk
        obj._state.adding = False


class NoDeleteAdmin(admin.ModelAdmin):
    """A force's work is withdrawn or superseded, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    can_delete = False


@admin.register(ActionPlan)
class ActionPlanAdmin(NoDeleteAdmin):
    list_display = ["force", "recommendation", "status", "updated_at"]
    list_filter = ["status", "recommendation", "force__country", "force"]
    list_select_related = ["force", "recommendation"]
    search_fields = ["force__name", "summary"]
    autocomplete_fields = ["force"]
    inlines = [ActionInline]
    readonly_fields = ["version"]


@admin.register(Action)
class ActionAdmin(NoDeleteAdmin):
    list_display = ["description", "plan", "horizon", "owner", "target_date", "status"]
    list_filter = ["status", "horizon", "plan__recommendation", "plan__force"]
    list_select_related = ["plan__force", "plan__recommendation"]
    search_fields = ["description", "owner", "plan__force__name"]
    date_hierarchy = "target_date"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by peeltrack's own services, so the history stays true."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TargetDateSlip)
class TargetDateSlipAdmin(ReadOnlyAdmin):
    list_display = ["action", "old_date", "new_date", "reason", "changed_by", "changed_at"]
    list_filter = ["action__plan__force", "action__plan__recommendation"]
    list_select_related = ["action", "changed_by"]
    search_fields = ["reason", "action__description"]
    date_hierarchy = "changed_at"


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "force",
        "action_plan",
        "kind",
        "size",
        "uploaded_by",
        "uploaded_at",
        "withdrawn_at",
    ]
    list_filter = ["kind", "force", "action_plan__recommendation"]
    list_select_related = ["force", "action_plan__recommendation", "uploaded_by"]
    search_fields = ["title", "original_name", "force__name"]
    date_hierarchy = "uploaded_at"
    exclude = ["file"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "force",
        "action_plan",
        "milestone",
        "state",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["state", "milestone", "force"]
    list_select_related = [
        "force",
        "action_plan__recommendation",
        "milestone",
        "submitted_by",
        "decided_by",
    ]
    search_fields = ["summary", "decision_note", "force__name"]
    date_hierarchy = "submitted_at"


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "force", "subject", "summary"]
    list_filter = ["subject", "force"]
    list_select_related = ["by", "force"]
    search_fields = ["summary", "by__username", "force__name"]
    date_hierarchy = "at"
