"""The API for the report, the record of progress and who is behind: the same rules,
services and access as the pages."""

import json

from django.db.models import Count, Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.api import (
    Pagination,
    StrictFilterBackend,
    query_names,
    refuse_unknown,
    repeatable_names,
)
from core.caching import remember
from core.filters import AS_OF_PARAMETERS
from core.permissions import IsInspectorChangingScope, IsInspectorRecordingProgress
from core.serializers import validated
from core.viewsets import PERSONAL_DATA, ErrorsAsJSON, ReadOnlyViewSet
from forces.api import SLUG_PATTERN
from forces.models import Force

from .. import exports, follow_ups
from ..models import Milestone, ProgressRecord, Recommendation, Report, ScopeChange
from ..progress import Standing
from ..selection import Selection, StandingFilter
from ..services import change_scope, check_batch, create_progress_records, record_progress
from . import filters, serializers
from . import rows as api_rows


class ReportViewSet(ReadOnlyViewSet):
    """Every report loaded, newest first; `items/` gives a report's items."""

    queryset = (
        Report.objects.newest_first()
        .select_related("inspection")
        .annotate(
            items=Count("recommendations", distinct=True),
            recommendations_count=Count(
                "recommendations",
                filter=Q(recommendations__kind=Recommendation.Kind.RECOMMENDATION),
                distinct=True,
            ),
            milestones=Count("recommendations__milestones", distinct=True),
        )
    )
    serializer_class = serializers.ReportSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["published_on", "slug"]

    @extend_schema(responses={200: serializers.RecommendationSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def items(
        self, request: Request, slug: str | None = None, version: str | None = None
    ) -> Response:
        """The report's recommendations, causes of concern and areas for improvement, with
        what each follows up, what follows it up, and its milestones."""
        report = self.get_object()
        found = ITEMS.filter(report=report).order_by("kind", "number")
        return Response(serializers.RecommendationSerializer(found, many=True).data)


# An item with everything the API says of it, in a constant number of queries.
ITEMS = Recommendation.objects.select_related("report", "force").prefetch_related(
    Prefetch("follows_up", queryset=Recommendation.objects.select_related("report")),
    Prefetch("followed_up_by", queryset=Recommendation.objects.select_related("report")),
    Prefetch("milestones", queryset=Milestone.objects.only("pk", "code", "recommendation_id")),
)


class RecommendationViewSet(ReadOnlyViewSet):
    """Every report's items (recommendations, causes of concern, areas for improvement)."""

    queryset = ITEMS
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter
    ordering_fields = ["number"]


class MilestoneViewSet(ReadOnlyViewSet):
    queryset = Milestone.objects.for_the_rule()
    serializer_class = serializers.MilestoneSerializer
    lookup_field = "code"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = filters.MilestoneFilter
    ordering_fields = ["due_on", "code"]


class ScopeChangeViewSet(ReadOnlyViewSet, mixins.CreateModelMixin):
    """Forces taken into or out of a milestone's scope; inspectors add them, with a reason."""

    serializer_class = serializers.ScopeChangeSerializer
    filterset_class = filters.ScopeChangeFilter
    ordering_fields = ["effective_on", "recorded_at"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403}}
    write_permissions = {"create": [IsInspectorChangingScope]}

    def get_queryset(self):
        return ScopeChange.objects.visible_to(self.request.user).select_related(
            "milestone", "force", "recorded_by"
        )

    def perform_create(self, serializer):
        serializer.instance = change_scope(by=self.request.user, **serializer.validated_data)


class ProgressRecordViewSet(ReadOnlyViewSet, mixins.CreateModelMixin):
    """Inspectors' dated assessments. Created, never changed: a correction is a new record."""

    serializer_class = serializers.ProgressRecordSerializer
    filterset_class = filters.ProgressRecordFilter
    ordering_fields = ["effective_on", "recorded_at", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403, 409}, "bulk": {400, 403}}
    write_permissions = {
        "create": [IsInspectorRecordingProgress],
        "bulk": [IsInspectorRecordingProgress],
    }

    def get_queryset(self):
        # A liaison sees their own force's records and the national bodies'.
        return ProgressRecord.objects.visible_to(self.request.user).select_related(
            "milestone", "force", "national_body", "recorded_by", "corrected_by"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = record_progress(
            milestone=data["milestone"],
            force=data.get("force"),
            national_body=data.get("national_body"),
            status=data["status"],
            effective_on=data["effective_on"],
            note=data.get("note", ""),
            public_summary=data.get("public_summary", ""),
            corrects=data.get("corrects"),
            by=self.request.user,
            source=ProgressRecord.Source.API,
        )

    @extend_schema(
        request=serializers.BulkProgressSerializer,
        responses={201: serializers.BulkProgressResultSerializer},
        description="Create many records at once: all of them, or none and every item's "
        "errors (`errors`: index → messages), by the same rules as import_progress. An "
        "item identical to a record already held is not created again; `skipped` says "
        "which, and why.",
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, version=None):
        data = validated(serializers.BulkProgressSerializer, request.data)
        batch = check_batch(list(enumerate(data["records"])))
        if batch.problems:
            raise ValidationError(
                {"errors": {str(i): problems for i, problems in sorted(batch.problems.items())}}
            )
        ids = create_progress_records(
            [entry for _i, entry in batch.entries],
            by=request.user,
            source=ProgressRecord.Source.API,
        )
        records = self.get_queryset().filter(pk__in=ids).order_by("id")
        body = {
            "created": len(ids),
            "records": serializers.ProgressRecordSerializer(records, many=True).data,
            "skipped": {str(i): reason for i, reason in sorted(batch.duplicates.items())},
        }
        return Response(body, status=status.HTTP_201_CREATED)


# The reports' parameters are StandingFilter's, described from it; the two dates are
# described once for every as-of read (core.filters), and `format` is DRF's own.
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "xlsx"],
    description="csv or xlsx for the file the web page downloads (the same bytes and "
    "file name); or ask for text/csv or "
    f"{exports.XLSX_TYPE} in Accept. Default: JSON.",
)


def plain(data) -> list:
    """Serializer output as plain lists and dicts, to keep in the cache."""
    return json.loads(json.dumps(data, cls=JSONEncoder))


def selection_from(request, *, also: frozenset[str] = frozenset()) -> Selection:
    """The web pages' filters, strictly: unknown parameters and bad values are a 400.
    (`also`: the parameters the endpoint itself reads, such as a page's.)"""
    refuse_unknown(
        request.query_params,
        query_names(StandingFilter) | also,
        repeatable_names(StandingFilter),
    )
    filterset = StandingFilter(data=request.query_params, queryset=Force.objects.all())
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return Selection.from_filterset(filterset)


# What a paginated report reads besides its filters (core.api.Pagination's).
PAGE_PARAMETERS = frozenset({"page", "page_size"})


class FileRenderer(BaseRenderer):
    """Offers a file format in content negotiation. The file itself is the web page's own
    download (recommendations.exports.download), so nothing is rendered here."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("Files are made by recommendations.exports.download")


class CSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class XLSXRenderer(FileRenderer):
    media_type = exports.XLSX_TYPE
    format = "xlsx"
    charset = None


def report_responses(serializer):
    return {
        (200, "application/json"): serializer(many=True),
        (200, "text/csv"): OpenApiTypes.STR,
        (200, exports.XLSX_TYPE): OpenApiTypes.BINARY,
    }


class StandingsReportView(ErrorsAsJSON, GenericAPIView):
    """A report of standings as JSON, or as the web page's CSV or XLSX download."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]
    # For the schema: the parameters are the filterset's (read by selection_from); the
    # answer is one list, unless the view sets a pagination class (standings).
    queryset = Force.objects.none()
    filterset_class = StandingFilter
    filter_backends = [StrictFilterBackend]
    pagination_class: type[Pagination] | None = None
    error_statuses = {"get": {400, 406}}
    table: exports.Table
    # The schema's description of a row; as_rows writes the same dicts (see api.rows).
    serializer_class: type

    def rows(self, selection: Selection) -> list[dict] | dict:
        raise NotImplementedError

    def get(self, request, version=None):
        paged = self.pagination_class is not None
        selection = selection_from(request, also=PAGE_PARAMETERS if paged else frozenset())
        export = request.accepted_renderer.format
        if export in exports.MEDIA_TYPES:
            if paged and PAGE_PARAMETERS & set(request.query_params):
                raise ValidationError(
                    {
                        name: [f"A {export.upper()} download holds every row: leave {name} out."]
                        for name in sorted(PAGE_PARAMETERS & set(request.query_params))
                    }
                )
            return exports.download(request, selection, export, self.table)
        return Response(
            remember(
                request,
                f"api-{self.table.name}",
                lambda: self.rows(selection),
                request.get_full_path(),
            )
        )


class StandingsView(StandingsReportView):
    """Every in-scope owner's standing against each milestone as of a date, in pages of
    the standings' order (by milestone, then force); the CSV and XLSX downloads hold every
    row. With every report loaded there are thousands of owners: a page runs the rule for
    its own owners only (without a status filter, which needs every standing)."""

    table = exports.STANDINGS
    serializer_class = serializers.StandingSerializer
    pagination_class = Pagination

    def rows(self, selection):
        paginator = self.paginator
        assert paginator is not None
        page: list[Standing] | None = paginator.paginate_queryset(
            selection.standings_to_page(), self.request, self
        )
        assert page is not None
        return paginator.get_paginated_response(api_rows.standing_rows(page)).data

    @extend_schema(
        parameters=[*AS_OF_PARAMETERS, FORMAT_PARAMETER],
        responses=report_responses(serializers.StandingSerializer),
    )
    def get(self, request, version=None):
        return super().get(request, version)


class OverdueView(StandingsReportView):
    """Exactly the rows of the overdue report, as JSON or as its CSV or XLSX download."""

    table = exports.OVERDUE
    serializer_class = serializers.OverdueRowSerializer

    def rows(self, selection):
        return api_rows.overdue_rows(selection.overdue())

    @extend_schema(
        parameters=[*AS_OF_PARAMETERS, FORMAT_PARAMETER],
        responses=report_responses(serializers.OverdueRowSerializer),
    )
    def get(self, request, version=None):
        return super().get(request, version)


class RepeatedView(ErrorsAsJSON, GenericAPIView):
    """Items made again while an earlier item is still not met (recommendations.follow_ups),
    longest-running first: nationally, or for the forces given."""

    queryset = Force.objects.none()
    filter_backends: list[type] = []
    pagination_class = None
    error_statuses = {"get": {400}}

    @extend_schema(
        parameters=[
            *AS_OF_PARAMETERS,
            OpenApiParameter(
                "force",
                {"type": "array", "items": {"type": "string", "minLength": 1, "example": "durham"}},
                description="Force slugs: only where the earlier item is not met by one of "
                "them. Repeat the parameter for several.",
            ),
        ],
        responses={200: serializers.RepeatSerializer(many=True)},
    )
    def get(self, request: Request, version: str | None = None) -> Response:
        refuse_unknown(request.query_params, {"as_of", "known_on", "force"}, {"force"})
        filterset = StandingFilter(data=request.query_params, queryset=Force.objects.all())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        selection = Selection.from_filterset(filterset)
        chosen = selection.data.get("force") or None
        return Response(
            remember(
                request,
                "api-repeated",
                lambda: plain(
                    serializers.RepeatSerializer(
                        follow_ups.repeated(
                            selection.as_of, known_on=selection.known_on, forces=chosen
                        ),
                        many=True,
                    ).data
                ),
                request.get_full_path(),
            )
        )
