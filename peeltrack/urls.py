from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "peeltrack administration"
admin.site.site_title = "peeltrack"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("recommendations.urls")),
    path("forces/", include("forces.urls")),
]
