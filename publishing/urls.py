from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", views.reports, name="reports"),
    path("reports/data.csv", views.reports, {"fmt": "csv"}, name="reports_csv"),
    path("reports/data.json", views.reports, {"fmt": "json"}, name="reports_json"),
    path("reports/<slug:slug>/", views.report, name="report"),
    path("reports/<slug:slug>/data.csv", views.report, {"fmt": "csv"}, name="report_csv"),
    path("reports/<slug:slug>/data.json", views.report, {"fmt": "json"}, name="report_json"),
    path("items/", views.items, name="items"),
    path("items/data.csv", views.items, {"fmt": "csv"}, name="items_csv"),
    path("items/data.json", views.items, {"fmt": "json"}, name="items_json"),
    path("forces/", views.forces, name="forces"),
    path("forces/data.csv", views.forces, {"fmt": "csv"}, name="forces_csv"),
    path("forces/data.json", views.forces, {"fmt": "json"}, name="forces_json"),
    path("forces/<slug:slug>/", views.force, name="force"),
    path("forces/<slug:slug>/data.csv", views.force, {"fmt": "csv"}, name="force_csv"),
    path("forces/<slug:slug>/data.json", views.force, {"fmt": "json"}, name="force_json"),
    path("repeated/", views.repeated, name="repeated"),
    path("repeated/data.csv", views.repeated, {"fmt": "csv"}, name="repeated_csv"),
    path("repeated/data.json", views.repeated, {"fmt": "json"}, name="repeated_json"),
    path("responses/", views.responses, name="responses"),
    path("responses/data.csv", views.responses, {"fmt": "csv"}, name="responses_csv"),
    path("responses/data.json", views.responses, {"fmt": "json"}, name="responses_json"),
    path("data/", views.data_dictionary, name="data"),
    path("data/everything.json", views.everything, name="everything"),
    path("deadlines.ics", views.deadlines, name="deadlines"),
    path("publications/", views.publications, name="publications"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
