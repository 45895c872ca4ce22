from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("reports/activity/", views.activity, name="activity"),
    path("forces/<slug:slug>/change-history.csv", views.history_csv, name="history_csv"),
]
