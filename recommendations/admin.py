from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ServiceAdmin, ServiceForm

from .models import (
    DueDateChange,
    GradeCorrection,
    Milestone,
    ProgressRecord,
    Recommendation,
    Report,
    ScopeChange,
)
from .services import change_due_date, change_scope, correct_grade, record_progress


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "inspectorate", "published_label"]
    search_fields = ["title", "slug"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["number", "theme", "report"]
    list_filter = ["report"]
    list_select_related = ["report"]
    search_fields = ["theme", "text"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["code", "description", "due_on", "owner", "national_body", "scope"]
    list_filter = ["recommendation__report", "owner", "national_body", "scope"]
    list_select_related = ["recommendation", "national_body"]
    search_fields = ["code", "description"]
    readonly_fields = ["move_the_due_date"]

    @admin.display(description=_("Moving the due date"))
    def move_the_due_date(self, obj):
        # A due date decides who is overdue: it moves only by a reasoned change, kept in
        # the history, so reports as known on an earlier day still use the old date.
        return format_html(
            '<a href="{}?milestone={}">Add a due date change</a>',
            reverse("admin:recommendations_duedatechange_add"),
            obj.pk,
        )


class DueDateChangeForm(ServiceForm):
    class Meta:
        model = DueDateChange
        fields = ["milestone", "new_due_on", "reason"]

    def save_through_service(self, data):
        return change_due_date(
            milestone=data["milestone"],
            due_on=data["new_due_on"],
            reason=data["reason"],
            by=self.user,
        )


@admin.register(DueDateChange)
class DueDateChangeAdmin(ServiceAdmin):
    form = DueDateChangeForm
    list_display = ["milestone", "old_due_on", "new_due_on", "reason", "recorded_by", "recorded_at"]
    list_select_related = ["milestone", "recorded_by"]
    search_fields = ["milestone__code", "reason"]


class GradeCorrectionForm(ServiceForm):
    class Meta:
        model = GradeCorrection
        fields = ["force", "area", "new_grade", "reason"]

    def save_through_service(self, data):
        return correct_grade(
            force=data["force"],
            area=data["area"],
            grade=data["new_grade"],
            reason=data["reason"],
            by=self.user,
        )


@admin.register(GradeCorrection)
class GradeCorrectionAdmin(ServiceAdmin):
    form = GradeCorrectionForm
    list_display = [
        "force",
        "area",
        "old_grade",
        "new_grade",
        "reason",
        "recorded_by",
        "recorded_at",
    ]
    list_filter = ["area", "force"]
    list_select_related = ["force", "recorded_by"]
    autocomplete_fields = ["force"]
    search_fields = ["force__name", "reason"]


class ScopeChangeForm(ServiceForm):
    class Meta:
        model = ScopeChange
        fields = ["milestone", "force", "in_scope", "effective_on", "reason"]

    def save_through_service(self, data):
        return change_scope(by=self.user, **data)


@admin.register(ScopeChange)
class ScopeChangeAdmin(ServiceAdmin):
    form = ScopeChangeForm
    list_display = ["force", "milestone", "in_scope", "effective_on", "reason", "recorded_by"]
    list_filter = ["milestone", "in_scope", "force__country", "force"]
    list_select_related = ["force", "milestone", "recorded_by"]
    search_fields = ["force__name", "reason"]
    autocomplete_fields = ["force"]
    date_hierarchy = "effective_on"


class ProgressRecordForm(ServiceForm):
    class Meta:
        model = ProgressRecord
        fields = [
            "milestone",
            "force",
            "national_body",
            "status",
            "effective_on",
            "note",
            "public_summary",
            "corrects",
        ]

    def save_through_service(self, data):
        return record_progress(
            milestone=data["milestone"],
            status=data["status"],
            effective_on=data["effective_on"],
            note=data.get("note", ""),
            public_summary=data.get("public_summary", ""),
            force=data.get("force"),
            national_body=data.get("national_body"),
            corrects=data.get("corrects"),
            by=self.user,
            source=ProgressRecord.Source.ADMIN,
        )


@admin.register(ProgressRecord)
class ProgressRecordAdmin(ServiceAdmin):
    form = ProgressRecordForm
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

    @admin.display(description=_("Force or national body"))
    def owner_name(self, obj):
        return obj.owner
