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


@admin.register(ScopeChange)
class ScopeChangeAdmin(AppendOnlyAdmin):
    list_display = ["force", "milestone", "in_scope", "effective_on", "reason", "recorded_by"]
    list_filter = ["milestone", "in_scope", "force__country", "force"]
    list_select_related = ["force", "milestone", "recorded_by"]
    search_fields = ["force__name", "reason"]
    autocomplete_fields = ["force"]
    date_hierarchy = "effective_on"
    exclude = ["recorded_by"]


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
    exclude = ["recorded_by", "source"]

    @admin.display(description="Force or national body")
    def owner_name(self, obj):
        return obj.owner

    def save_model(self, request, obj, form, change):
        obj.source = ProgressRecord.Source.ADMIN
        super().save_model(request, obj, form, change)


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
