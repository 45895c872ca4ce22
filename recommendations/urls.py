from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/overdue/", views.overdue_report, name="overdue"),
    path("reports/activity/", views.activity, name="activity"),
    path(
        "recommendations/<slug:report>/<int:number>/",
        views.recommendation_detail,
        name="detail",
    ),
    path("forces/<slug:slug>/plans/start/", views.start_plan, name="start_plan"),
    path("forces/<slug:slug>/scope/", views.scope, name="scope"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/summary/", views.edit_summary, name="plan_summary"),
    path("plans/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("plans/<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("plans/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
    path("assessments/", views.queue, name="queue"),
    path("assessments/<int:pk>/", views.submission_detail, name="submission"),
    path("progress/record/", views.record, name="record"),
]
