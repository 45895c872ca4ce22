from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("forces/mine/", views.my_force, name="mine"),
    path("forces/<slug:slug>/", views.force_detail, name="force"),
    path("forces/<slug:slug>/plans/start/", views.start_plan, name="start_plan"),
    path("plans/<id:pk>/", views.plan_detail, name="plan"),
    path("plans/<id:pk>/summary/", views.edit_summary, name="plan_summary"),
    path("plans/<id:pk>/actions/add/", views.action_add, name="action_add"),
    path("plans/<id:pk>/actions/<id:action_pk>/", views.action_edit, name="action_edit"),
    path("plans/<id:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("plans/<id:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("evidence/<id:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<id:pk>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
    path("assessments/", views.queue, name="queue"),
    path("assessments/<id:pk>/", views.submission_detail, name="submission"),
]
