"""The API of the 56-day responses: the responses recorded (a liaison's own force's only)
and the days of publication inspectors set; each written through policing_bodies.services,
as the pages are."""

from __future__ import annotations

from typing import Any

import django_filters
from rest_framework import mixins, serializers

from core.filters import TrueOrFalseFilter
from core.permissions import IsRecordingResponses, IsSettingPublicationDays
from core.serializers import ModelSerializer, text_field
from core.viewsets import PERSONAL_DATA, ReadOnlyViewSet
from forces.filters import ForceSlugFilter
from forces.models import Force
from recommendations.api.filters import ReportFilter
from recommendations.models import Report

from .models import PublicationDay, Response
from .services import URL_LIMIT, record_response, set_publication_day

# Only the reports that ask for responses may be named in a write.
_asking = Report.objects.filter(responses_required=True)


class ResponseSerializer(ModelSerializer[Response]):
    report = serializers.SlugRelatedField(slug_field="slug", queryset=_asking)
    force = serializers.SlugRelatedField(slug_field="slug", queryset=Force.objects.all())
    url = serializers.CharField(max_length=URL_LIMIT)
    note = text_field(Response, "note", required=False, allow_blank=True, default="")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Response
        fields = [
            "id",
            "report",
            "force",
            "published_on",
            "url",
            "answers_every_recommendation",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class PublicationDaySerializer(ModelSerializer[PublicationDay]):
    report = serializers.SlugRelatedField(slug_field="slug", queryset=_asking)
    reason = text_field(PublicationDay, "reason")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = PublicationDay
        fields = ["id", "report", "published_on", "reason", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_at"]


class ResponseFilter(django_filters.FilterSet):
    report = ReportFilter("report")
    force = ForceSlugFilter()
    published_on = django_filters.DateFromToRangeFilter()
    answers_every_recommendation = TrueOrFalseFilter()

    class Meta:
        model = Response
        fields: list[str] = []


class PublicationDayFilter(django_filters.FilterSet):
    report = ReportFilter("report")

    class Meta:
        model = PublicationDay
        fields: list[str] = []


class ResponseViewSet(ReadOnlyViewSet[Response], mixins.CreateModelMixin):
    """Local policing bodies' published comments on reports (Police Act 1996 s55), as
    recorded: appended, never changed; a correction is a new record with a note. A liaison
    reads and records their own force's only."""

    serializer_class = ResponseSerializer
    filterset_class = ResponseFilter
    ordering_fields = ["published_on", "recorded_at", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403}}
    write_permissions = {"create": [IsRecordingResponses]}

    def get_queryset(self) -> Any:
        return Response.objects.visible_to(self.request.user).select_related(
            "report", "force", "recorded_by"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = record_response(
            report=data["report"],
            force=data["force"],
            published_on=data["published_on"],
            url=data["url"],
            answers_every_recommendation=data["answers_every_recommendation"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class PublicationDayViewSet(ReadOnlyViewSet[PublicationDay], mixins.CreateModelMixin):
    """The days reports were published, where a report's file gives only the month: set
    by an inspector with where the day comes from. The latest set stands."""

    serializer_class = PublicationDaySerializer
    filterset_class = PublicationDayFilter
    ordering_fields = ["recorded_at", "id"]
    error_statuses = {"create": {400, 403}}
    write_permissions = {"create": [IsSettingPublicationDays]}

    def get_queryset(self) -> Any:
        return PublicationDay.objects.select_related("report", "recorded_by")

    def force_of(self, obj: Any) -> None:
        return None

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = set_publication_day(
            report=data["report"],
            published_on=data["published_on"],
            reason=data["reason"],
            by=self.request.user,
        )
