from rest_framework import serializers

from forces.api import ForceRefSerializer, NationalBodySerializer
from forces.models import Force, NationalBody

from ..models import (
    Action,
    ActionPlan,
    Evidence,
    HistoryEntry,
    Milestone,
    ProgressRecord,
    Recommendation,
    Report,
    ScopeChange,
    Submission,
    TargetDateSlip,
)
from ..progress import CATEGORIES


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["slug", "title", "inspectorate", "published_on", "published_label"]


class RecommendationSerializer(serializers.ModelSerializer):
    report = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "report", "number", "theme", "text", "follow_up"]


class MilestoneSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation.number", read_only=True)
    report = serializers.CharField(source="recommendation.report.slug", read_only=True)
    national_body = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

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
            "default_scope",
        ]


class MilestoneRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["code", "due_on"]


class ScopeChangeSerializer(serializers.ModelSerializer):
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


class ProgressRecordSerializer(serializers.ModelSerializer):
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
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000)

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
            "corrects",
            "corrected_by",
            "basis_submission",
            "recorded_by",
            "recorded_at",
            "source",
        ]
        read_only_fields = ["basis_submission", "recorded_at", "source"]

    def get_corrected_by(self, record) -> int | None:
        correction = getattr(record, "corrected_by", None)
        return correction.pk if correction else None


class BulkProgressItemSerializer(serializers.Serializer):
    """One record, with the same fields and rules as a line of import_progress's CSV."""

    force = serializers.CharField(
        help_text="A force's slug or Annex B name, or a national body's slug."
    )
    milestone = serializers.CharField()
    status = serializers.CharField()
    effective_date = serializers.CharField(help_text="YYYY-MM-DD")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BulkProgressSerializer(serializers.Serializer):
    records = BulkProgressItemSerializer(many=True, allow_empty=False)


class BulkProgressResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    records = ProgressRecordSerializer(many=True)


class ActionPlanSerializer(serializers.ModelSerializer):
    force = ForceRefSerializer(read_only=True)
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.all())
    action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "force",
            "recommendation",
            "status",
            "summary",
            "version",
            "action_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "summary", "version", "created_at", "updated_at"]


class ActionPlanUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    summary = serializers.CharField(allow_blank=True, max_length=5000)


class TargetDateSlipSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(
        source="changed_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = TargetDateSlip
        fields = ["old_date", "new_date", "reason", "changed_by", "changed_at"]


class ActionSerializer(serializers.ModelSerializer):
    slips = TargetDateSlipSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "description",
            "horizon",
            "owner",
            "target_date",
            "status",
            "completed_on",
            "slips",
        ]


class ActionCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1)
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    description = serializers.CharField(max_length=2000)
    horizon = serializers.ChoiceField(choices=Action.Horizon.choices)
    owner = serializers.CharField(max_length=150)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)


class ActionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    description = serializers.CharField(max_length=2000)
    horizon = serializers.ChoiceField(choices=Action.Horizon.choices)
    owner = serializers.CharField(max_length=150)
    status = serializers.ChoiceField(choices=Action.Status.choices)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    slip_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the target date changes.",
    )


class EvidenceSerializer(serializers.ModelSerializer):
    force = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    withdrawn_by = serializers.CharField(
        source="withdrawn_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "action_plan",
            "force",
            "title",
            "original_name",
            "kind",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
        ]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    action_plan = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=10000)


class SubmissionSerializer(serializers.ModelSerializer):
    force = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    milestone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "force",
            "action_plan",
            "milestone",
            "summary",
            "evidence",
            "submitted_by",
            "submitted_at",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class SubmissionCreateSerializer(serializers.Serializer):
    action_plan = serializers.IntegerField(min_value=1)
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    summary = serializers.CharField(max_length=10000)
    milestone = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The code of a milestone the force says is met.",
    )
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )


class AcceptSerializer(serializers.Serializer):
    milestone = serializers.CharField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(
        choices=ProgressRecord.Status.choices, required=False, allow_null=True, default=None
    )
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=10000)


class HistoryEntrySerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True)
    force = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = HistoryEntry
        fields = ["id", "at", "by", "force", "subject", "subject_id", "summary", "changes"]


class OwnerSerializer(serializers.Serializer):
    """A standing's owner: its force, or the national body that owns the milestone."""

    kind = serializers.SerializerMethodField()
    slug = serializers.CharField()
    name = serializers.CharField()

    def get_kind(self, owner) -> str:
        return "national_body" if isinstance(owner, NationalBody) else "force"

    class Meta:
        fields = ["kind", "slug", "name"]


class OverdueRowSerializer(serializers.Serializer):
    """One row of the overdue report: the CSV's columns, with force and milestone nested."""

    force = OwnerSerializer(
        source="owner", help_text="The force, or the national body for a national milestone."
    )
    milestone = MilestoneRefSerializer()
    due_date = serializers.DateField(source="milestone.due_on")
    status = serializers.ChoiceField(choices=ProgressRecord.Status.choices)
    days_overdue = serializers.IntegerField()


class StandingSerializer(OverdueRowSerializer):
    """Where one owner stands against one milestone as of a date (see progress.py)."""

    as_of = serializers.DateField()
    category = serializers.ChoiceField(choices=list(CATEGORIES.items()))
    is_overdue = serializers.BooleanField()
    is_met_late = serializers.BooleanField()
    is_due_soon = serializers.BooleanField()
    met_on = serializers.DateField(allow_null=True)
    record = serializers.IntegerField(
        source="record.pk", allow_null=True, help_text="The record setting the status."
    )


class ActivitySerializer(serializers.Serializer):
    force = ForceRefSerializer()
    last_update = serializers.DateTimeField(source="last", allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    quiet = serializers.BooleanField()


__all__ = ["ForceRefSerializer", "NationalBodySerializer"]
