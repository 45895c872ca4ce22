"""The REST API: the same rules, services and access checks as the web pages."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from forces.models import Force

from .. import access
from ..action_plans import (
    NotAllowed,
    StaleEdit,
    accept_submission,
    add_action,
    attach_evidence,
    change_action,
    return_submission,
    start_action_plan,
    submit_for_assessment,
    update_plan_summary,
    withdraw_evidence,
)
from ..activity import force_activity
from ..evidence_files import KINDS as EVIDENCE_KINDS
from ..evidence_files import mime_type
from ..filters import Selection, StandingFilter
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
from ..progress import today
from ..services import (
    ProgressRejected,
    change_scope,
    create_progress_records,
    record_progress,
    validate_progress_batch,
)
from . import filters, serializers


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def scoped(queryset, user, field="force"):
    """Every force's objects for those who see all; a liaison's own force's only."""
    if access.sees_all_forces(user):
        return queryset
    own = access.liaison_force(user)
    if own is None:
        return queryset.none()
    return queryset.filter(**{field: own})


def run(service, **kwargs):
    """Call a write service, turning its refusals into API errors."""
    try:
        return service(**kwargs)
    except StaleEdit as error:
        raise Conflict(str(error)) from None
    except NotAllowed as error:
        raise ValidationError({"non_field_errors": [str(error)]}) from None
    except ProgressRejected as error:
        raise ValidationError({"non_field_errors": error.errors}) from None


def validated(serializer_class, data, **context):
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def plan_for_write(user, pk) -> ActionPlan:
    plan = (
        scoped(ActionPlan.objects.select_related("force", "recommendation"), user)
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise ValidationError({"action_plan": ["No such action plan, or not your force's."]})
    if not access.can_edit_force_plans(user, plan.force):
        raise PermissionDenied("Only the force's liaisons change its action plans.")
    return plan


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Report.objects.all()
    serializer_class = serializers.ReportSerializer
    lookup_field = "slug"
    ordering_fields = ["published_on", "slug"]


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Recommendation.objects.select_related("report")
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter
    ordering_fields = ["number"]


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Milestone.objects.select_related("recommendation__report", "national_body")
    serializer_class = serializers.MilestoneSerializer
    lookup_field = "code"
    filterset_class = filters.MilestoneFilter
    ordering_fields = ["due_on", "code"]


class ScopeChangeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Forces taken into or out of a milestone's scope; inspectors add them, with a reason."""

    queryset = ScopeChange.objects.select_related("milestone", "force", "recorded_by")
    serializer_class = serializers.ScopeChangeSerializer
    filterset_class = filters.ScopeChangeFilter
    ordering_fields = ["effective_on", "recorded_at"]

    def perform_create(self, serializer):
        if not access.can_change_scope(self.request.user):
            raise PermissionDenied("Only inspectors change scope.")
        data = serializer.validated_data
        if not data["reason"].strip():
            raise ValidationError({"reason": ["Give the reason for the change of scope."]})
        serializer.instance = change_scope(by=self.request.user, **data)


class ProgressRecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspectors' dated assessments. Created, never changed: a correction is a new record."""

    serializer_class = serializers.ProgressRecordSerializer
    filterset_class = filters.ProgressRecordFilter
    ordering_fields = ["effective_on", "recorded_at", "id"]

    def get_queryset(self):
        records = ProgressRecord.objects.select_related(
            "milestone", "force", "national_body", "recorded_by", "corrected_by"
        )
        user = self.request.user
        if access.sees_all_forces(user):
            return records
        own = access.liaison_force(user)
        # A liaison sees their force's records and the national bodies' ones.
        return records.filter(Q(force=own) | Q(force__isnull=True)) if own else records.none()

    def perform_create(self, serializer):
        if not access.can_record_progress(self.request.user):
            raise PermissionDenied("Only inspectors record progress.")
        data = serializer.validated_data
        serializer.instance = run(
            record_progress,
            milestone=data["milestone"],
            force=data.get("force"),
            national_body=data.get("national_body"),
            status=data["status"],
            effective_on=data["effective_on"],
            note=data.get("note", ""),
            corrects=data.get("corrects"),
            by=self.request.user,
            source=ProgressRecord.Source.API,
        )

    @extend_schema(
        request=serializers.BulkProgressSerializer,
        responses={201: serializers.BulkProgressResultSerializer},
        description="Create many records at once: all of them, or none and every item's "
        "errors (`errors`: index → messages), by the same rules as import_progress.",
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, version=None):
        if not access.can_record_progress(request.user):
            raise PermissionDenied("Only inspectors record progress.")
        data = validated(serializers.BulkProgressSerializer, request.data)
        rows, problems = validate_progress_batch(list(enumerate(data["records"])))
        if problems:
            raise ValidationError(
                {"errors": {str(index): errors for index, errors in sorted(problems.items())}}
            )
        records = create_progress_records(rows, by=request.user, source=ProgressRecord.Source.API)
        body = {
            "created": len(records),
            "records": serializers.ProgressRecordSerializer(records, many=True).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ActionPlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ActionPlanSerializer
    filterset_class = filters.ActionPlanFilter
    ordering_fields = ["updated_at", "id"]

    def get_queryset(self):
        plans = (
            ActionPlan.objects.select_related("force", "recommendation")
            .annotate(action_count=Count("actions"))
            .order_by("force__name", "recommendation__number", "id")
        )
        return scoped(plans, self.request.user)

    def perform_create(self, serializer):
        force = access.liaison_force(self.request.user)
        if force is None:
            raise PermissionDenied("Only force liaisons start action plans.")
        plan = start_action_plan(
            force=force,
            recommendation=serializer.validated_data["recommendation"],
            by=self.request.user,
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    @extend_schema(
        request=serializers.ActionPlanUpdateSerializer,
        responses={200: serializers.ActionPlanSerializer},
        description="Change the plan's summary. Send the version you started from: if "
        "someone saved first, nothing is saved and the answer is 409.",
    )
    def partial_update(self, request, pk=None, version=None):
        plan = self.get_object()
        if not access.can_edit_force_plans(request.user, plan.force):
            raise PermissionDenied("Only the force's liaisons change its action plans.")
        data = validated(serializers.ActionPlanUpdateSerializer, request.data)
        run(
            update_plan_summary,
            plan=plan,
            expected_version=data["version"],
            summary=data["summary"],
            by=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)


class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    ordering_fields = ["target_date", "id"]

    def get_queryset(self):
        actions = Action.objects.select_related("plan__force").prefetch_related(
            Prefetch("slips", queryset=TargetDateSlip.objects.select_related("changed_by"))
        )
        return scoped(actions, self.request.user, field="plan__force")

    @extend_schema(
        request=serializers.ActionCreateSerializer, responses={201: serializers.ActionSerializer}
    )
    def create(self, request, version=None):
        data = validated(serializers.ActionCreateSerializer, request.data)
        plan = plan_for_write(request.user, data.pop("plan"))
        expected = data.pop("version")
        created = run(add_action, plan=plan, expected_version=expected, by=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=created.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=serializers.ActionUpdateSerializer,
        responses={200: serializers.ActionSerializer},
        description="Change an action. A new target date needs `slip_reason`; every change "
        "of date is kept. Send the plan version you started from (409 if stale).",
    )
    def update(self, request, pk=None, version=None):
        item = self.get_object()
        if not access.can_edit_force_plans(request.user, item.plan.force):
            raise PermissionDenied("Only the force's liaisons change its actions.")
        data = validated(serializers.ActionUpdateSerializer, request.data)
        expected = data.pop("version")
        run(change_action, action=item, expected_version=expected, by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.EvidenceSerializer
    filterset_class = filters.EvidenceFilter
    ordering_fields = ["uploaded_at", "id"]

    def get_queryset(self):
        files = Evidence.objects.select_related("force", "uploaded_by", "withdrawn_by")
        return scoped(files, self.request.user)

    @extend_schema(
        request={"multipart/form-data": serializers.EvidenceUploadSerializer},
        responses={201: serializers.EvidenceSerializer},
        description="Attach a file (PDF, DOCX, XLSX, CSV or an image; checked by content).",
    )
    def create(self, request, version=None):
        data = validated(serializers.EvidenceUploadSerializer, request.data)
        plan = plan_for_write(request.user, data["action_plan"])
        try:
            evidence = attach_evidence(
                plan=plan, upload=data["file"], title=data["title"], by=request.user
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        return Response(
            self.get_serializer(self.get_queryset().get(pk=evidence.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses={
            (200, mime): OpenApiTypes.BINARY
            for mime in sorted({mime_type(kind) for kind in EVIDENCE_KINDS})
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None, version=None):
        evidence = self.get_object()
        response = FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=mime_type(evidence.kind),
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.EvidenceSerializer}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None, version=None):
        evidence = self.get_object()
        if not access.can_edit_force_plans(request.user, evidence.force):
            raise PermissionDenied("Only the force's liaisons withdraw its evidence.")
        data = validated(serializers.ReasonSerializer, request.data)
        run(withdraw_evidence, evidence=evidence, reason=data["reason"], by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=evidence.pk)).data)


class SubmissionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SubmissionSerializer
    filterset_class = filters.SubmissionFilter
    ordering_fields = ["submitted_at", "id"]

    def get_queryset(self):
        submissions = Submission.objects.select_related(
            "force", "milestone", "submitted_by", "decided_by", "action_plan__recommendation"
        ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("pk")))
        return scoped(submissions, self.request.user)

    @extend_schema(
        request=serializers.SubmissionCreateSerializer,
        responses={201: serializers.SubmissionSerializer},
    )
    def create(self, request, version=None):
        data = validated(serializers.SubmissionCreateSerializer, request.data)
        plan = plan_for_write(request.user, data["action_plan"])
        milestone = None
        if data["milestone"]:
            milestone = Milestone.objects.filter(code=data["milestone"]).first()
            if milestone is None:
                raise ValidationError({"milestone": [f"No milestone {data['milestone']!r}."]})
        evidence = list(Evidence.objects.filter(pk__in=data["evidence"], action_plan=plan))
        if len(evidence) != len(set(data["evidence"])):
            raise ValidationError({"evidence": ["Choose evidence attached to this plan."]})
        submission = run(
            submit_for_assessment,
            plan=plan,
            expected_version=data["version"],
            summary=data["summary"],
            milestone=milestone,
            evidence=evidence,
            by=request.user,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=submission.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def _for_assessment(self):
        submission = self.get_object()
        if not access.can_assess(self.request.user):
            raise PermissionDenied("Only inspectors assess submissions.")
        return submission

    @extend_schema(
        request=serializers.AcceptSerializer,
        responses={200: serializers.SubmissionSerializer},
        description="Accept, optionally recording progress on a milestone.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None, version=None):
        submission = self._for_assessment()
        data = validated(serializers.AcceptSerializer, request.data)
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
            if not data["status"] or not data["effective_on"]:
                raise ValidationError(
                    {"status": ["Give the status and effective_on for the milestone."]}
                )
        run(
            accept_submission,
            submission=submission,
            by=request.user,
            milestone=milestone,
            status=data["status"],
            effective_on=data["effective_on"],
            note=data["note"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.SubmissionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_force(self, request, pk=None, version=None):
        submission = self._for_assessment()
        data = validated(serializers.ReasonSerializer, request.data)
        run(return_submission, submission=submission, by=request.user, reason=data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)


class HistoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.HistoryEntrySerializer
    filterset_class = filters.HistoryFilter
    ordering_fields = ["at", "id"]

    def get_queryset(self):
        return scoped(HistoryEntry.objects.select_related("by", "force"), self.request.user)


STANDING_PARAMETERS = [
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today in the UK."),
    OpenApiParameter(
        "milestone", OpenApiTypes.STR, many=True, description="Milestone codes (repeatable)."
    ),
    OpenApiParameter(
        "due", OpenApiTypes.STR, description="Due month, YYYY-MM.", pattern=r"^\d{4}-\d{2}$"
    ),
    OpenApiParameter("country", OpenApiTypes.STR, enum=list(Force.Country.values)),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        many=True,
        description="Status or category: met, met_late, in_progress, "
        "not_started, overdue, not_applicable.",
    ),
] + [
    OpenApiParameter(
        f"grade_{area}",
        OpenApiTypes.STR,
        enum=["outstanding", "good", "requires_improvement", "inadequate"],
    )
    for area in [
        "crime_prevention",
        "investigation",
        "vulnerability",
        "serious_organised_crime",
        "overall",
    ]
]


def selection_from(request) -> Selection:
    """The web pages' filters, strictly: unknown parameters and bad values are a 400."""
    known = set(StandingFilter.base_filters) | {"format"}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ValidationError({name: ["Unknown filter."] for name in unknown})
    filterset = StandingFilter(data=request.query_params, queryset=Force.objects.all())
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return Selection.from_filterset(filterset)


class StandingsView(APIView):
    """Every in-scope owner's standing against each milestone as of a date."""

    @extend_schema(
        parameters=STANDING_PARAMETERS, responses={200: serializers.StandingSerializer(many=True)}
    )
    def get(self, request, version=None):
        standings = selection_from(request).standings()
        return Response(serializers.StandingSerializer(standings, many=True).data)


class OverdueView(APIView):
    """Exactly the rows of the overdue report (and its CSV) for the same query."""

    @extend_schema(
        parameters=STANDING_PARAMETERS, responses={200: serializers.OverdueRowSerializer(many=True)}
    )
    def get(self, request, version=None):
        overdue = selection_from(request).overdue()
        return Response(serializers.OverdueRowSerializer(overdue, many=True).data)


class ActivityView(APIView):
    """When each force last updated its own work; quiet forces first. Inspectors and
    managers only."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "days", OpenApiTypes.INT, description="Quiet after this many days (default 30)."
            )
        ],
        responses={200: serializers.ActivitySerializer(many=True)},
    )
    def get(self, request, version=None):
        if not access.sees_all_forces(request.user):
            raise PermissionDenied("Only inspectors and managers see every force's activity.")
        unknown = sorted(set(request.query_params) - {"days", "format"})
        if unknown:
            raise ValidationError({name: ["Unknown filter."] for name in unknown})
        days = request.query_params.get("days", str(settings.PEELTRACK_QUIET_DAYS))
        if not days.isdigit() or int(days) < 1:
            raise ValidationError({"days": ["A whole number of 1 or more."]})
        rows = force_activity(today=today(), quiet_after_days=int(days))
        return Response(serializers.ActivitySerializer(rows, many=True).data)
