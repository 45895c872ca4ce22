from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import InputSerializer, ModelSerializer, text_field
from forces.api import ForceRefSerializer, NationalBodySerializer
from forces.models import Force, NationalBody

from ..models import (
    Milestone,
    ProgressRecord,
    Recommendation,
    Report,
    ScopeChange,
)
from ..progress import CATEGORIES


class ReportCountsSerializer(serializers.Serializer[Any]):
    items = serializers.IntegerField(
        help_text="Recommendations, causes of concern and areas for improvement."
    )
    recommendations = serializers.IntegerField(source="recommendations_count")
    milestones = serializers.IntegerField()


class ReportSerializer(serializers.ModelSerializer[Report]):
    inspection: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    published = serializers.CharField(
        read_only=True, help_text="The date as far as it is known, in words."
    )
    counts = ReportCountsSerializer(read_only=True, source="*")

    class Meta:
        model = Report
        fields = [
            "slug",
            "title",
            "inspectorate",
            "published_on",
            "published_precision",
            "published_label",
            "published",
            "responses_required",
            "source",
            "inspection",
            "counts",
        ]


class ItemRefSerializer(serializers.ModelSerializer[Recommendation]):
    """An item named as a file names it: its report, kind and number."""

    report = serializers.CharField(source="report.slug", read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "report", "kind", "number"]


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    """A report's item: a recommendation, a cause of concern or an area for improvement."""

    report: serializers.SlugRelatedField[Report] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    force: serializers.SlugRelatedField[Force] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    follows_up = ItemRefSerializer(many=True, read_only=True)
    followed_up_by = ItemRefSerializer(many=True, read_only=True)
    milestones: serializers.SlugRelatedField[Milestone] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "report",
            "kind",
            "number",
            "theme",
            "text",
            "text_is",
            "source",
            "also_asks",
            "force",
            "follows_up",
            "followed_up_by",
            "milestones",
        ]


class GradedScopeSerializer(serializers.Serializer[Any]):
    inspection = serializers.CharField(source="scope_area.inspection.slug")
    area = serializers.CharField(source="scope_area.slug")
    grades = serializers.ListField(child=serializers.CharField(), source="scope_grades")


class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    recommendation = serializers.IntegerField(
        source="recommendation.number", read_only=True, help_text="The item's number."
    )
    kind = serializers.CharField(source="recommendation.kind", read_only=True)
    report = serializers.CharField(source="recommendation.report.slug", read_only=True)
    scope_forces = serializers.SerializerMethodField(
        help_text="For a listed scope: the forces' slugs."
    )
    scope_graded = serializers.SerializerMethodField(help_text="For a graded scope.")
    national_body: serializers.SlugRelatedField[NationalBody] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Milestone
        fields = [
            "code",
            "report",
            "recommendation",
            "description",
            "due_on",
            "due_label",
            "owner",
            "national_body",
            "partners",
            "kind",
            "scope",
            "scope_forces",
            "scope_graded",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scope_forces(self, milestone: Milestone) -> list[str]:
        # The prefetched list (Milestone.named_forces), not the related manager.
        return [force.slug for force in milestone.named_forces()]

    @extend_schema_field(GradedScopeSerializer(allow_null=True))
    def get_scope_graded(self, milestone: Milestone) -> dict[str, Any] | None:
        if milestone.scope_area_id is None:
            return None
        return dict(GradedScopeSerializer(milestone).data)


class MilestoneRefSerializer(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["code", "description", "due_on"]


class ScopeChangeSerializer(ModelSerializer[ScopeChange]):
    milestone = serializers.SlugRelatedField(
        slug_field="code", queryset=Milestone.objects.for_forces()
    )
    force = serializers.SlugRelatedField(slug_field="slug", queryset=Force.objects.all())
    recorded_by = serializers.CharField(
        source="recorded_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = ScopeChange
        fields = [
            "id",
            "milestone",
            "force",
            "in_scope",
            "effective_on",
            "reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class ProgressRecordSerializer(ModelSerializer[ProgressRecord]):
    milestone = serializers.SlugRelatedField(slug_field="code", queryset=Milestone.objects.all())
    force = serializers.SlugRelatedField(
        slug_field="slug", queryset=Force.objects.all(), required=False, allow_null=True
    )
    national_body = serializers.SlugRelatedField(
        slug_field="slug", queryset=NationalBody.objects.all(), required=False, allow_null=True
    )
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=ProgressRecord.objects.all(), required=False, allow_null=True
    )
    corrected_by = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(
        source="recorded_by.username", read_only=True, allow_null=True
    )
    note = text_field(
        ProgressRecord, "note", required=False, allow_blank=True, trim_whitespace=False
    )
    public_summary = text_field(
        ProgressRecord,
        "public_summary",
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Optional: what the public pages show of this assessment once published.",
    )

    class Meta:
        model = ProgressRecord
        fields = [
            "id",
            "milestone",
            "force",
            "national_body",
            "status",
            "effective_on",
            "note",
            "public_summary",
            "corrects",
            "corrected_by",
            "recorded_by",
            "recorded_at",
            "source",
        ]
        read_only_fields = ["recorded_at", "source"]

    def get_corrected_by(self, record: ProgressRecord) -> int | None:
        correction = getattr(record, "corrected_by", None)
        return correction.pk if correction else None


class BulkProgressItemSerializer(InputSerializer):
    """One record, with the fields of one record (and of a line of import_progress's CSV),
    checked by the same rules: a force, or a national body, never both."""

    force = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="A force's slug or Annex B name (or, as in an import's force column, a "
        "national body's slug).",
    )
    national_body = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="A national body's slug."
    )
    milestone = serializers.CharField()
    status = serializers.CharField()
    effective_on = serializers.CharField(help_text="YYYY-MM-DD")
    note = text_field(ProgressRecord, "note", required=False, allow_blank=True, default="")
    public_summary = text_field(
        ProgressRecord, "public_summary", required=False, allow_blank=True, default=""
    )


class BulkProgressSerializer(InputSerializer):
    records = BulkProgressItemSerializer(many=True, allow_empty=False)


class BulkProgressResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    records = ProgressRecordSerializer(many=True)


class OwnerSerializer(serializers.Serializer[Any]):
    """A standing's owner: its force, or the national body that owns the milestone."""

    kind = serializers.SerializerMethodField()
    slug = serializers.CharField()
    name = serializers.CharField()

    def get_kind(self, owner: Force | NationalBody) -> str:
        return "national_body" if isinstance(owner, NationalBody) else "force"

    class Meta:
        fields = ["kind", "slug", "name"]


class OverdueRowSerializer(serializers.Serializer[Any]):
    """One row of the overdue report: the CSV's columns, with force and milestone nested."""

    force = OwnerSerializer(
        source="owner", help_text="The force, or the national body for a national milestone."
    )
    milestone = MilestoneRefSerializer()
    due_date = serializers.DateField(
        source="milestone.due_on", allow_null=True, help_text="Null: the report gives no date."
    )
    status = serializers.ChoiceField(choices=ProgressRecord.Status.choices)
    status_label = serializers.CharField(help_text="The status in words.")
    days_overdue = serializers.IntegerField()


class StandingSerializer(OverdueRowSerializer):
    """Where one owner stands against one milestone as of a date (see progress.py)."""

    as_of = serializers.DateField()
    known_on = serializers.DateField(
        allow_null=True, help_text="The record as it stood at the end of this day; null: now."
    )
    category = serializers.ChoiceField(choices=list(CATEGORIES.items()))
    is_overdue = serializers.BooleanField()
    is_met_late = serializers.BooleanField()
    is_due_soon = serializers.BooleanField()
    met_on = serializers.DateField(allow_null=True)
    record = serializers.IntegerField(
        source="record_id", allow_null=True, help_text="The record setting the status."
    )


__all__ = ["ForceRefSerializer", "NationalBodySerializer"]


class NotMetSerializer(serializers.Serializer[Any]):
    """An owner for whom an earlier item's milestone is not met."""

    owner = OwnerSerializer()
    milestone = serializers.CharField(source="milestone.code")
    status = serializers.ChoiceField(choices=ProgressRecord.Status.choices)
    category = serializers.ChoiceField(choices=list(CATEGORIES.items()))


class RepeatSerializer(serializers.Serializer[Any]):
    """An item made again while an earlier item is not met (recommendations.follow_ups)."""

    item = ItemRefSerializer()
    earlier = ItemRefSerializer()
    inspections = serializers.IntegerField(
        help_text="How many inspections the item's chain of follow-ups has run through."
    )
    progress_known = serializers.BooleanField(
        help_text="False when the earlier item's milestones name nobody in scope."
    )
    not_met = NotMetSerializer(many=True)
