from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from forces.api import ForceViewSet, NationalBodyViewSet
from recommendations.api import views as api

admin.site.site_header = "peeltrack administration"
admin.site.site_title = "peeltrack"

router = DefaultRouter()
router.register("forces", ForceViewSet, basename="force")
router.register("national-bodies", NationalBodyViewSet, basename="national-body")
router.register("reports", api.ReportViewSet, basename="report")
router.register("recommendations", api.RecommendationViewSet, basename="recommendation")
router.register("milestones", api.MilestoneViewSet, basename="milestone")
router.register("scope-changes", api.ScopeChangeViewSet, basename="scope-change")
router.register("progress-records", api.ProgressRecordViewSet, basename="progress-record")
router.register("action-plans", api.ActionPlanViewSet, basename="action-plan")
router.register("actions", api.ActionViewSet, basename="action")
router.register("evidence", api.EvidenceViewSet, basename="evidence")
router.register("submissions", api.SubmissionViewSet, basename="submission")
router.register("history", api.HistoryViewSet, basename="history")

api_v1 = [
    path("standings/", api.StandingsView.as_view(), name="standings"),
    path("overdue/", api.OverdueView.as_view(), name="overdue"),
    path("activity/", api.ActivityView.as_view(), name="activity"),
    *router.urls,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # The description of the API is public, like the documentation page that reads it.
    # The split view serves its start-up script as a file, so scripts keep to the CSP;
    # Swagger UI sets inline styles, which only this page allows.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(
            csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
                SpectacularSwaggerSplitView.as_view(url_name="api-schema")
            )
        ),
        name="api-docs",
    ),
    path("api/<version>/", include((api_v1, "api"))),
    path("", include("accounts.urls")),
    path("", include("recommendations.urls")),
    path("forces/", include("forces.urls")),
]

handler404 = "peeltrack.errors.not_found"
handler500 = "peeltrack.errors.server_error"
