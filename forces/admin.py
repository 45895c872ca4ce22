from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Force, Inspection, InspectionArea, Judgment, NationalBody


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data from the report: read here, corrected only by a reasoned change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Force)
class ForceAdmin(ReferenceDataAdmin):
    list_display = ["name", "slug", "country"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]


class AreaInline(admin.TabularInline):
    model = InspectionArea
    fields = ["position", "slug", "name"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReferenceDataAdmin):
    """Graded inspections, loaded with the report that publishes them (load_report)."""

    list_display = ["title", "slug", "scale"]
    search_fields = ["title", "slug"]
    inlines = [AreaInline]


@admin.register(Judgment)
class JudgmentAdmin(ReferenceDataAdmin):
    list_display = ["force", "area", "grade", "correct_a_grade"]
    list_filter = ["area__inspection", "area__name", "grade", "force__country"]
    list_select_related = ["force", "area__inspection"]
    search_fields = ["force__name", "force__slug"]

    @admin.display(description=_("Correcting it"))
    def correct_a_grade(self, obj):
        # A grade moves forces in and out of milestones' scope: it changes only through a
        # dated, reasoned grade correction, which the change history keeps.
        return format_html(
            '<a href="{}?force={}&area={}">Add a grade correction</a>',
            reverse("admin:recommendations_gradecorrection_add"),
            obj.force_id,
            obj.area_id,
        )


@admin.register(NationalBody)
class NationalBodyAdmin(ReferenceDataAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
