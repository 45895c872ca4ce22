from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .filters import ForceFilter
from .models import Force, Grade, Inspection, InspectionArea, Judgment, NationalBody


class JudgmentSerializer(serializers.ModelSerializer):
    """A force's grade in one area of one inspection, as it stands now."""

    inspection = serializers.CharField(source="area.inspection.slug", read_only=True)
    area = serializers.CharField(source="area.slug", read_only=True)

    class Meta:
        model = Judgment
        fields = ["inspection", "area", "grade"]


class ForceSerializer(serializers.ModelSerializer):
    judgments = JudgmentSerializer(many=True, read_only=True)

    class Meta:
        model = Force
        fields = ["slug", "name", "country", "judgments"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionArea
        fields = ["slug", "name"]


class InspectionSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True, read_only=True)
    scale = serializers.ListField(child=serializers.ChoiceField(choices=Grade.choices))

    class Meta:
        model = Inspection
        fields = ["slug", "title", "areas", "scale"]


class ForceJudgmentSerializer(serializers.ModelSerializer):
    force = serializers.CharField(source="force.slug", read_only=True)
    area = serializers.CharField(source="area.slug", read_only=True)

    class Meta:
        model = Judgment
        fields = ["force", "area", "grade"]


class ForceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Force
        fields = ["slug", "name"]


class NationalBodySerializer(serializers.ModelSerializer):
    class Meta:
        model = NationalBody
        fields = ["slug", "name"]


# A slug or code in an API address, as the schema states it. Without a dot: the router
# reads `kent.json` as Kent in JSON, so the schema must never offer a dotted value.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"


class ForceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 43 forces of England and Wales, with their grades in every inspection."""

    queryset = Force.objects.prefetch_related(
        Prefetch("judgments", queryset=Judgment.objects.select_related("area__inspection"))
    )
    serializer_class = ForceSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = ForceFilter
    ordering_fields = ["name", "slug", "country"]


class NationalBodyViewSet(viewsets.ReadOnlyModelViewSet):
    """National bodies that own milestones (NPCC leads, the College of Policing)."""

    queryset = NationalBody.objects.all()
    serializer_class = NationalBodySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name", "slug"]


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Graded inspections: their areas and scale; `judgments/` gives every force's grades."""

    queryset = Inspection.objects.prefetch_related("areas")
    serializer_class = InspectionSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["slug"]

    @extend_schema(responses={200: ForceJudgmentSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def judgments(self, request, slug=None, version=None):
        """Every force's grade in every area of the inspection, as it stands now."""
        inspection = self.get_object()
        found = (
            Judgment.objects.of_inspection(inspection)
            .select_related("force", "area")
            .order_by("force__name", "area__position")
        )
        return Response(ForceJudgmentSerializer(found, many=True).data)
