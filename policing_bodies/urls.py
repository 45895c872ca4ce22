from django.urls import path

from . import views

app_name = "responses"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:report_slug>/<slug:force_slug>/", views.obligation, name="obligation"),
]
