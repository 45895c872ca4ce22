from django.contrib import admin

from .models import Force, NationalBody


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
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
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NationalBody)
class NationalBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
