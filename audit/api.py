"""The API for the change history and who has gone quiet."""

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import refuse_unknown
from core.dates import today
from core.filters import AS_OF_PARAMETERS, KnownOnFilter
from core.permissions import SeesEveryForce
from core.viewsets import PERSONAL_DATA, ReadOnlyViewSet
from forces.api import ForceRefSerializer
from forces.filters import ForceSlugFilter, force_filterset
from forces.models import Force

from .activity import force_activity
from .forms import ActivityForm
from .models import HistoryEntry


class HistoryEntrySerializer(serializers.ModelSerializer[HistoryEntry]):
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True)
    force: serializers.SlugRelatedField[Force] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = HistoryEntry
        fields = ["id", "at", "by", "force", "subject", "subject_id", "summary", "changes"]


if TYPE_CHECKING:
    # FilterSets made at run time with the force filters, which mypy cannot follow.
    _ForceFilters = django_filters.FilterSet
else:
    _ForceFilters = force_filterset("force")


class HistoryFilter(_ForceFilters):
    force = ForceSlugFilter()
    at = django_filters.DateFromToRangeFilter()
    known_on = KnownOnFilter("at")

    class Meta:
        model = HistoryEntry
        fields = ["subject"]


class HistoryViewSet(ReadOnlyViewSet[HistoryEntry]):
    serializer_class = HistoryEntrySerializer
    filterset_class = HistoryFilter
    ordering_fields = ["at", "id"]
    cache_control = PERSONAL_DATA

    def get_queryset(self) -> QuerySet[HistoryEntry]:
        return HistoryEntry.objects.visible_to(self.request.user).select_related("by", "force")


# Serialized many at once: DRF's stubs type an instance, not a list of them.
class ActivitySerializer(serializers.Serializer[Any]):
    force = ForceRefSerializer()
    last_update = serializers.DateTimeField(source="last", allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    quiet = serializers.BooleanField()


class ActivityView(APIView):
    """When each force's record was last updated, as of a date; quiet forces first.
    Inspectors and managers only."""

    error_statuses = {"get": {400, 403}}
    permission_classes = [IsAuthenticated, SeesEveryForce]

    @extend_schema(
        parameters=[
            *AS_OF_PARAMETERS,
            OpenApiParameter(
                "days",
                {"type": "integer", "minimum": 1, "maximum": 3650},
                description="Quiet after this many days (default 30).",
            ),
        ],
        responses={200: ActivitySerializer(many=True)},
    )
    def get(self, request: Request, version: str | None = None) -> Response:
        refuse_unknown(request.query_params, {"days", "as_of", "known_on"})
        form = ActivityForm(request.query_params)
        if not form.is_valid():
            # A form's errors, field by field, as DRF reads any dict of lists of messages.
            raise ValidationError(form.errors)  # type: ignore[arg-type]
        rows = force_activity(
            as_of=form.cleaned_data["as_of"] or today(),
            quiet_after_days=form.cleaned_data["days"],
            known_on=form.cleaned_data["known_on"],
        )
        return Response(ActivitySerializer(rows, many=True).data)
