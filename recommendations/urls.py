from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/overdue/", views.overdue_report, name="overdue"),
    path(
        "recommendations/<slug:report>/<int:number>/",
        views.recommendation_detail,
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
