from django.urls import path

from . import views

app_name = "forces"
urlpatterns = [
    path("", views.force_list, name="list"),
    path("mine/", views.my_force, name="mine"),
    path("<slug:slug>/", views.force_detail, name="detail"),
    path("<slug:slug>/history/<slug:code>/", views.milestone_history, name="milestone_history"),
]
