from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from .models import Action, ActionPlan, Evidence, Submission, TargetDateSlip


class OpenInPeeltrack:
    """Forces' work is changed by the force on its pages, never here: link there."""

    page_url_name = ""

    @admin.display(description=_("Where it is changed"))
    def open_page(self, obj):
        return format_html(
            '<a href="{}">Open in peeltrack</a>',
            reverse(self.page_url_name, args=[self.page_pk(obj)]),
        )

    def page_pk(self, obj):
        return obj.pk


@admin.register(ActionPlan)
class ActionPlanAdmin(OpenInPeeltrack, ReadOnlyAdmin):
    page_url_name = "plans:plan"
    list_display = ["force", "recommendation", "status", "version", "updated_at", "open_page"]
    list_filter = ["status", "recommendation", "force__country", "force"]
    list_select_related = ["force", "recommendation"]
    search_fields = ["force__name", "summary"]


@admin.register(Action)
class ActionAdmin(OpenInPeeltrack, ReadOnlyAdmin):
    page_url_name = "plans:plan"
    list_display = ["description", "plan", "horizon", "owner", "target_date", "status", "open_page"]
    list_filter = ["status", "horizon", "plan__recommendation", "plan__force"]
    list_select_related = ["plan__force", "plan__recommendation"]
    search_fields = ["description", "owner", "plan__force__name"]
    date_hierarchy = "target_date"

    def page_pk(self, obj):
        return obj.plan_id


@admin.register(TargetDateSlip)
class TargetDateSlipAdmin(ReadOnlyAdmin):
    list_display = ["action", "old_date", "new_date", "reason", "changed_by", "changed_at"]
    list_filter = ["action__plan__force", "action__plan__recommendation"]
    list_select_related = ["action", "changed_by"]
    search_fields = ["reason", "action__description"]
    date_hierarchy = "changed_at"


@admin.register(Evidence)
class EvidenceAdmin(OpenInPeeltrack, ReadOnlyAdmin):
    page_url_name = "plans:plan"
    list_display = ["title", "force", "kind", "size", "uploaded_by", "uploaded_at", "withdrawn_at"]
    list_filter = ["kind", "force", "action_plan__recommendation"]
    list_select_related = ["force", "action_plan__recommendation", "uploaded_by"]
    search_fields = ["title", "original_name", "force__name"]
    date_hierarchy = "uploaded_at"
    exclude = ["file"]

    def page_pk(self, obj):
        return obj.action_plan_id


@admin.register(Submission)
class SubmissionAdmin(OpenInPeeltrack, ReadOnlyAdmin):
    page_url_name = "plans:submission"
    list_display = [
        "force",
        "action_plan",
        "milestone",
        "state",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "open_page",
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
