from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("account/email-and-calendars/", views.preferences, name="preferences"),
    path(
        "account/email-and-calendars/calendars/renew/",
        views.renew_calendars,
        name="renew_calendars",
    ),
    path(
        "account/email-and-calendars/calendars/stop/",
        views.stop_calendars,
        name="stop_calendars",
    ),
    path(
        "calendars/<id:key>/<str:secret>/milestones.ics",
        views.milestones_feed,
        name="milestones_feed",
    ),
    path(
        "calendars/<id:key>/<str:secret>/forces/<slug:slug>.ics",
        views.force_feed,
        name="force_feed",
    ),
]
