from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Force, NationalBody


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
    list_display = [
        "name",
        "slug",
        "country",
        "grade_crime_prevention",
        "grade_investigation",
        "grade_vulnerability",
        "grade_serious_organised_crime",
        "grade_overall",
    ]
    list_filter = [
        "country",
        "grade_overall",
        "grade_crime_prevention",
        "grade_investigation",
        "grade_vulnerability",
        "grade_serious_organised_crime",
    ]
    search_fields = ["name", "slug"]
    readonly_fields = ["correct_a_grade"]

    @admin.display(description="Correcting a grade")
    def correct_a_grade(self, obj):
        # A grade moves forces in and out of milestones' scope: it changes only through a
        # dated, reasoned grade correction, which the change history keeps.
        return format_html(
            '<a href="{}?force={}">Add a grade correction</a>',
            reverse("admin:recommendations_gradecorrection_add"),
            obj.pk,
        )


@admin.register(NationalBody)
class NationalBodyAdmin(ReferenceDataAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
