from collections.abc import Collection
from typing import cast

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from audit.api import ActivityView, HistoryViewSet
from core import health
from core.schema_view import SchemaView
from forces.api import ForceViewSet, InspectionViewSet, NationalBodyViewSet
from plans import api as plans_api
from policing_bodies import api as responses_api
from publishing import staff as public_staff
from recommendations.api import views as recommendations_api

router = DefaultRouter()
router.register("forces", ForceViewSet, basename="force")
router.register("national-bodies", NationalBodyViewSet, basename="national-body")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("reports", recommendations_api.ReportViewSet, basename="report")
router.register(
    "recommendations", recommendations_api.RecommendationViewSet, basename="recommendation"
)
router.register("milestones", recommendations_api.MilestoneViewSet, basename="milestone")
router.register("scope-changes", recommendations_api.ScopeChangeViewSet, basename="scope-change")
router.register(
    "progress-records", recommendations_api.ProgressRecordViewSet, basename="progress-record"
)
router.register("action-plans", plans_api.ActionPlanViewSet, basename="action-plan")
router.register("actions", plans_api.ActionViewSet, basename="action")
router.register("evidence", plans_api.EvidenceViewSet, basename="evidence")
router.register("submissions", plans_api.SubmissionViewSet, basename="submission")
router.register("history", HistoryViewSet, basename="history")
router.register("responses", responses_api.ResponseViewSet, basename="response")
router.register("publication-days", responses_api.PublicationDayViewSet, basename="publication-day")

api_v1 = [
    path("standings/", recommendations_api.StandingsView.as_view(), name="standings"),
    path("overdue/", recommendations_api.OverdueView.as_view(), name="overdue"),
    path("activity/", ActivityView.as_view(), name="activity"),
    path("repeated/", recommendations_api.RepeatedView.as_view(), name="repeated"),
    *router.urls,
]

# The site's policy: each directive a list of sources, which mypy reads from the
# settings module only as objects.
page_csp = cast(dict[str, Collection[str]], settings.SECURE_CSP)


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says: the site's icon."""
    return HttpResponseRedirect(static("images/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    # For load balancers and monitoring (core.health): outside the language prefix.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # The description of the API is public, like the documentation page that reads it.
    # The split view serves its start-up script as a file, so scripts keep to the CSP;
    # Swagger UI sets inline styles, which only this page allows.
    path("api/schema/", login_not_required(SchemaView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(
            csp_override({**page_csp, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
                SpectacularSwaggerSplitView.as_view(url_name="api-schema")
            )
        ),
        name="api-docs",
    ),
    path("api/<version>/", include((api_v1, "api"))),
]
# The pages, in English at their own addresses and in Welsh under /cy/.
urlpatterns += i18n_patterns(
    path("public/", include(("publishing.urls", "public"))),
    path("publications/", public_staff.publications, name="publishing"),
    path("responses/", include("policing_bodies.urls")),
    path("", include("accounts.urls")),
    # Before recommendations', whose /reports/<slug>/ would otherwise take /reports/activity/.
    path("", include("audit.urls")),
    path("", include("recommendations.urls")),
    path("", include("plans.urls")),
    path("", include("notices.urls")),
    path("forces/", include("forces.urls")),
    prefix_default_language=False,
)

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
