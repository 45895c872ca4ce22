from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "peeltrack administration"
admin.site.site_title = "peeltrack"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("recommendations.urls")),
    path("forces/", include("forces.urls")),
]
