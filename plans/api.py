"""The API for action plans, actions, evidence and submissions: the pages' services and
access rules, with JSON in and out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import Count, Prefetch, QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.services import signed_in
from core import access
from core.access import Person
from core.filters import TrueOrFalseFilter, WholeNumberFilter
from core.permissions import IsInspectorAssessing, IsLiaisonOfTheForce
from core.serializers import InputSerializer, ModelSerializer, text_field, validated
from core.viewsets import PERSONAL_DATA, ReadOnlyViewSet
from forces.api import ForceRefSerializer
from forces.filters import ForceSlugFilter, force_filterset
from forces.models import Force
from recommendations.api.filters import MilestoneCodeFilter
from recommendations.models import Milestone, ProgressRecord, Recommendation

from .evidence_files import KINDS as EVIDENCE_KINDS
from .models import (
    Action,
    ActionPlan,
    Evidence,
    Submission,
    TargetDateSlip,
)
from .services import (
    accept_submission,
    add_action,
    attach_evidence,
    change_action,
    check_undecided,
    return_submission,
    start_action_plan,
    submit_for_assessment,
    update_plan_summary,
    withdraw_evidence,
)

# ---------------------------------------------------------------------------
# Serializers


class ActionPlanSerializer(ModelSerializer[ActionPlan]):
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


class ActionPlanUpdateSerializer(InputSerializer):
    """Both fields, even in a PATCH: the version guards the summary it comes with."""

    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    summary = text_field(ActionPlan, "summary", allow_blank=True)

    # Never partial, so the schema (which marks a PATCH's fields optional by setting
    # `partial`) says what the view requires.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


class TargetDateSlipSerializer(serializers.ModelSerializer[TargetDateSlip]):
    changed_by = serializers.CharField(
        source="changed_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = TargetDateSlip
        fields = ["old_date", "new_date", "reason", "changed_by", "changed_at"]


class ActionSerializer(serializers.ModelSerializer[Action]):
    slips = TargetDateSlipSerializer(many=True, read_only=True)
    plan_version = serializers.IntegerField(
        source="plan.version",
        read_only=True,
        help_text="The plan's version now: send it with your next change to this plan.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "plan_version",
            "description",
            "horizon",
            "owner",
            "target_date",
            "status",
            "completed_on",
            "slips",
        ]


class ActionCreateSerializer(InputSerializer):
    plan = serializers.IntegerField(min_value=1, max_value=access.MAX_ID)
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    description = text_field(Action, "description")
    horizon = serializers.ChoiceField(choices=Action.Horizon.choices)
    owner = text_field(Action, "owner")
    target_date = serializers.DateField(required=False, allow_null=True, default=None)


class ActionUpdateSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    description = text_field(Action, "description")
    horizon = serializers.ChoiceField(choices=Action.Horizon.choices)
    owner = text_field(Action, "owner")
    status = serializers.ChoiceField(choices=Action.Status.choices)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    slip_reason = text_field(
        TargetDateSlip,
        "reason",
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the target date changes.",
    )


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    force: serializers.SlugRelatedField[Force] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
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


class EvidenceUploadSerializer(InputSerializer):
    action_plan = serializers.IntegerField(min_value=1, max_value=access.MAX_ID)
    title = text_field(Evidence, "title")
    file = serializers.FileField()


class WithdrawalSerializer(InputSerializer):
    reason = text_field(Evidence, "withdrawal_reason")


class ReturnSerializer(InputSerializer):
    reason = text_field(Submission, "decision_note")


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    force: serializers.SlugRelatedField[Force] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    milestone: serializers.SlugRelatedField[Milestone] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True
    )
    plan_version = serializers.IntegerField(
        source="action_plan.version",
        read_only=True,
        help_text="The plan's version now: send it with your next change to this plan.",
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "force",
            "action_plan",
            "plan_version",
            "milestone",
            "summary",
            "evidence",
            "submitted_by",
            "submitted_at",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
            "progress_record",
        ]
        read_only_fields = fields


class SubmissionCreateSerializer(InputSerializer):
    action_plan = serializers.IntegerField(min_value=1, max_value=access.MAX_ID)
    version = serializers.IntegerField(min_value=1, help_text="The plan version you started from.")
    summary = text_field(Submission, "summary")
    milestone = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The code of a milestone the force says is met.",
    )
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=access.MAX_ID),
        required=False,
        default=list,
    )


class AcceptSerializer(InputSerializer):
    milestone = serializers.CharField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(
        choices=ProgressRecord.Status.choices, required=False, allow_null=True, default=None
    )
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = text_field(Submission, "decision_note")


# ---------------------------------------------------------------------------
# Filters


if TYPE_CHECKING:
    # FilterSets made at run time with the force filters, which mypy cannot follow.
    _ForceFilters = django_filters.FilterSet
    _PlanForceFilters = django_filters.FilterSet
else:
    _ForceFilters = force_filterset("force")
    _PlanForceFilters = force_filterset("plan__force")


class ActionPlanFilter(_ForceFilters):
    force = ForceSlugFilter()
    recommendation = WholeNumberFilter(field_name="recommendation__number")
    updated_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ActionPlan
        fields = ["status"]


class ActionFilter(_PlanForceFilters):
    force = ForceSlugFilter("plan__force")
    # By id, like the objects themselves: an id that is not there (or is another
    # force's) matches nothing, so the answer never says which ids exist.
    plan = WholeNumberFilter(field_name="plan_id")
    recommendation = WholeNumberFilter(field_name="plan__recommendation__number")
    target_date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Action
        fields = ["status", "horizon"]


class EvidenceFilter(_ForceFilters):
    force = ForceSlugFilter()
    action_plan = WholeNumberFilter(field_name="action_plan_id")
    kind = django_filters.ChoiceFilter(choices=[(kind, kind) for kind in EVIDENCE_KINDS])
    withdrawn = TrueOrFalseFilter(field_name="withdrawn_at", lookup_expr="isnull", exclude=True)
    uploaded_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Evidence
        fields: list[str] = []


class SubmissionFilter(_ForceFilters):
    force = ForceSlugFilter()
    action_plan = WholeNumberFilter(field_name="action_plan_id")
    milestone = MilestoneCodeFilter()
    recommendation = WholeNumberFilter(field_name="action_plan__recommendation__number")
    submitted_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Submission
        fields = ["state"]


# ---------------------------------------------------------------------------
# Views


def plan_for_write(user: Person, pk: int) -> ActionPlan:
    """The plan a body names, for a write: another force's is not found (400, since it
    comes in the body, not the address), and the liaison must be its force's."""
    plan = (
        ActionPlan.objects.visible_to(user)
        .select_related("force", "recommendation")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise ValidationError({"action_plan": ["No such action plan, or not your force's."]})
    access.check_may_edit_force(user, plan.force)
    return plan


class ActionPlanViewSet(ReadOnlyViewSet[ActionPlan], mixins.CreateModelMixin):
    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilter
    ordering_fields = ["updated_at", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403}, "partial_update": {400, 403, 404, 409}}
    write_permissions = {
        "create": [IsLiaisonOfTheForce],
        "partial_update": [IsLiaisonOfTheForce],
    }

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .select_related("force", "recommendation")
            .annotate(action_count=Count("actions"))
            .order_by(
                "force__name",
                "recommendation__report_id",
                "recommendation__kind",
                "recommendation__number",
                "id",
            )
        )

    def perform_create(self, serializer: BaseSerializer[ActionPlan]) -> None:
        # IsLiaisonOfTheForce lets only liaisons this far, and a liaison has a force.
        liaison = signed_in(self.request.user)
        assert liaison.force is not None, "A liaison has a force (a constraint)."
        plan = start_action_plan(
            force=liaison.force,
            recommendation=serializer.validated_data["recommendation"],
            by=self.request.user,
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    @extend_schema(
        request=ActionPlanUpdateSerializer,
        responses={200: ActionPlanSerializer},
        description="Change the plan's summary. Send the version you started from: if "
        "someone saved first, nothing is saved and the answer is 409.",
    )
    def partial_update(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> Response:
        plan = self.get_object()
        data = validated(ActionPlanUpdateSerializer, request.data)
        update_plan_summary(
            plan=plan, expected_version=data["version"], summary=data["summary"], by=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)


class ActionViewSet(ReadOnlyViewSet[Action]):
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["target_date", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403, 409}, "update": {400, 403, 404, 409}}
    write_permissions = {"create": [IsLiaisonOfTheForce], "update": [IsLiaisonOfTheForce]}

    def force_of(self, obj: Action) -> Force:
        return obj.plan.force

    def get_queryset(self) -> QuerySet[Action]:
        return (
            Action.objects.visible_to(self.request.user)
            .select_related("plan__force")
            .prefetch_related(
                Prefetch("slips", queryset=TargetDateSlip.objects.select_related("changed_by"))
            )
        )

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def create(self, request: Request, version: str | None = None) -> Response:
        data = validated(ActionCreateSerializer, request.data)
        plan = plan_for_write(request.user, data.pop("plan"))
        expected = data.pop("version")
        created = add_action(plan=plan, expected_version=expected, by=request.user, **data)
        return self.created(self.get_serializer(self.get_queryset().get(pk=created.pk)).data)

    @extend_schema(
        request=ActionUpdateSerializer,
        responses={200: ActionSerializer},
        description="Change an action. A new target date needs `slip_reason`; every change "
        "of date is kept. Send the plan version you started from (409 if stale).",
    )
    def update(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> Response:
        item = self.get_object()
        data = validated(ActionUpdateSerializer, request.data)
        expected = data.pop("version")
        change_action(action=item, expected_version=expected, by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class EvidenceViewSet(ReadOnlyViewSet[Evidence]):
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["uploaded_at", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {"create": {400, 403}, "withdraw": {400, 403, 404, 409}}
    write_permissions = {"create": [IsLiaisonOfTheForce], "withdraw": [IsLiaisonOfTheForce]}

    def get_queryset(self) -> QuerySet[Evidence]:
        return Evidence.objects.visible_to(self.request.user).select_related(
            "force", "uploaded_by", "withdrawn_by"
        )

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
        description="Attach a file (PDF, DOCX, XLSX, CSV or an image; checked by content).",
    )
    def create(self, request: Request, version: str | None = None) -> Response:
        data = validated(EvidenceUploadSerializer, request.data)
        plan = plan_for_write(request.user, data["action_plan"])
        evidence = attach_evidence(
            plan=plan, upload=data["file"], title=data["title"], by=request.user
        )
        return self.created(self.get_serializer(self.get_queryset().get(pk=evidence.pk)).data)

    def get_parsers(self) -> list[BaseParser]:
        # Files come as multipart; everything else in the API is JSON. (Called before
        # DRF sets self.action, so the action is read from the method here.)
        request = getattr(self, "request", None)
        action = getattr(self, "action", None) or (
            self.action_map.get(request.method.lower()) if request is not None else None
        )
        if action == "create":
            return [MultiPartParser()]
        return super().get_parsers()

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        description="The file's bytes, as uploaded, named in Content-Disposition. Its kind "
        "(checked by content on upload) is the evidence's `kind`.",
    )
    @action(detail=True, methods=["get"])
    def file(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> FileResponse:
        evidence = self.get_object()
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFound("The file for this evidence is missing from storage.") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            # Bytes for a program to keep, whatever they hold: a client reads them as a
            # file, never as text, and no browser renders them from the API's address.
            content_type="application/octet-stream",
        )
        return response

    @extend_schema(request=WithdrawalSerializer, responses={200: EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> Response:
        evidence = self.get_object()
        data = validated(WithdrawalSerializer, request.data)
        withdraw_evidence(evidence=evidence, reason=data["reason"], by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=evidence.pk)).data)


class SubmissionViewSet(ReadOnlyViewSet[Submission]):
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["submitted_at", "id"]
    cache_control = PERSONAL_DATA
    error_statuses = {
        "create": {400, 403, 409},
        "accept": {400, 403, 404, 409},
        "return_to_force": {400, 403, 404, 409},
    }
    write_permissions = {
        "create": [IsLiaisonOfTheForce],
        "accept": [IsInspectorAssessing],
        "return_to_force": [IsInspectorAssessing],
    }

    def get_queryset(self) -> QuerySet[Submission]:
        return (
            Submission.objects.visible_to(self.request.user)
            .select_related(
                "force", "milestone", "submitted_by", "decided_by", "action_plan__recommendation"
            )
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("pk")))
        )

    @extend_schema(request=SubmissionCreateSerializer, responses={201: SubmissionSerializer})
    def create(self, request: Request, version: str | None = None) -> Response:
        data = validated(SubmissionCreateSerializer, request.data)
        plan = plan_for_write(request.user, data["action_plan"])
        milestone = None
        if data["milestone"]:
            milestone = Milestone.objects.filter(code=data["milestone"]).first()
            if milestone is None:
                raise ValidationError({"milestone": [f"No milestone {data['milestone']!r}."]})
        evidence = list(Evidence.objects.filter(pk__in=data["evidence"], action_plan=plan))
        if len(evidence) != len(set(data["evidence"])):
            raise ValidationError({"evidence": ["Choose evidence attached to this plan."]})
        submission = submit_for_assessment(
            plan=plan,
            expected_version=data["version"],
            summary=data["summary"],
            milestone=milestone,
            evidence=evidence,
            by=request.user,
        )
        return self.created(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)

    def _for_assessment(self) -> Submission:
        submission = self.get_object()
        check_undecided(submission)  # a repeat hears what happened (409), not a 400
        return submission

    @extend_schema(
        request=AcceptSerializer,
        responses={200: SubmissionSerializer},
        description="Accept, optionally recording progress on a milestone. A submission "
        "already assessed answers 409 and says by whom.",
    )
    @action(detail=True, methods=["post"])
    def accept(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> Response:
        submission = self._for_assessment()
        data = validated(AcceptSerializer, request.data)
        milestone = None
        if data["milestone"]:
            milestone = (
                submission.action_plan.recommendation.milestones.for_forces()
                .filter(code=data["milestone"])
                .first()
            )
            if milestone is None:
                raise ValidationError(
                    {"milestone": ["Choose one of this recommendation's force milestones."]}
                )
        accept_submission(
            submission=submission,
            by=request.user,
            milestone=milestone,
            status=data["status"],
            effective_on=data["effective_on"],
            note=data["note"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)

    @extend_schema(request=ReturnSerializer, responses={200: SubmissionSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_force(
        self, request: Request, pk: str | None = None, version: str | None = None
    ) -> Response:
        submission = self._for_assessment()
        data = validated(ReturnSerializer, request.data)
        return_submission(submission=submission, by=request.user, reason=data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)
