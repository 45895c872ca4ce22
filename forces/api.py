from rest_framework import serializers, viewsets

from .filters import ForceFilter
from .models import Force, NationalBody


class ForceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Force
        fields = [
            "slug",
            "name",
            "country",
            "grade_crime_prevention",
            "grade_investigation",
            "grade_vulnerability",
            "grade_serious_organised_crime",
            "grade_overall",
        ]


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
    """The 43 forces of England and Wales with their 2017 grades."""

    queryset = Force.objects.all()
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
