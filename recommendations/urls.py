from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Pages under /reports/ that are not one report's; the loader refuses these slugs.
    path("reports/overdue/", views.overdue_report, name="overdue"),
    path("reports/load/", views.load, name="load"),
    path("reports/by-force/", views.national_picture, name="national_picture"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<slug:slug>/", views.report_detail, name="report"),
    path(
        "reports/<slug:report>/<slug:item>/",
        views.recommendation_detail,
        name="item",
    ),
    path("repeated-recommendations/", views.repeated, name="repeated"),
    # The address a recommendation had when peeltrack tracked one report alone.
    path(
        "recommendations/<slug:report>/<int:number>/",
        views.legacy_recommendation,
        name="detail",
    ),
    path("forces/<slug:slug>/scope/", views.scope, name="scope"),
    path(
        "forces/<slug:slug>/history/<slug:code>/",
        views.milestone_history,
        name="milestone_history",
    ),
    path("progress/record/", views.record, name="record"),
]
