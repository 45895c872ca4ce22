"""The admin is a working tool for every model, and a door like any other: what it may
change goes through the same services (with reasons, into the history); the rest is
read-only there."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import HistoryEntry
from plans.models import Action, ActionPlan
from recommendations import progress
from recommendations.models import (
    DueDateChange,
    GradeCorrection,
    Milestone,
    ProgressRecord,
    ScopeChange,
)
from tests.conftest import area_2017, persona

R2 = (
    "Recommendation 2 — Action plan for the investigator shortage (short, medium and long term; "
    "draws on the force management statement) (R2-plan)"
)

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def inspecting_admin(inspector):
    """An inspector who is also an administrator: the admin's progress door is theirs."""
    inspector.is_staff = inspector.is_superuser = True
    inspector.save()
    client = Client()
    client.force_login(inspector)
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_changelist_with_search(admin_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    if admin.site._registry[model].search_fields:
        assert admin_client.get(url, {"q": "durham"}).status_code == 200


ADDED_THROUGH_SERVICES = {
    "auth.Group",
    "accounts.APIToken",
    "accounts.User",
    "recommendations.DueDateChange",
    "recommendations.GradeCorrection",
    "recommendations.ScopeChange",
    "recommendations.ProgressRecord",
}


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_only_service_backed_models_can_be_added_in_the_admin(admin_client, model):
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == (200 if opts.label in ADDED_THROUGH_SERVICES else 403)


READ_ONLY = [
    m
    for m in admin.site._registry
    # People, tokens and the sign-in counters (cleared to unlock someone) are managed here.
    if m._meta.label
    not in {"auth.Group", "accounts.APIToken", "accounts.User", "accounts.SignInThrottle"}
]


@pytest.fixture
def one_of_everything(durham_work, inspector, histories, durham, settings):
    from recommendations.services import change_due_date, correct_grade
    from tests.conftest import move_action

    action, plan = durham_work["action"], durham_work["plan"]
    plan.refresh_from_db()
    move_action(action, plan, to=D("2019-06-30"), reason="Later", by=plan.force.liaisons.get())
    Client().post("/sign-in/", {"username": "inspector", "password": "wrong"})
    change_due_date(
        milestone=Milestone.objects.get(code="R1-review"),
        due_on=D("2018-11-30"),
        reason="Extended",
        by=inspector,
    )
    correct_grade(
        force=durham, area=area_2017("overall"), grade="good", reason="Corrected", by=inspector
    )
    # A message (a liaison's overdue notice), a person's preferences and calendar key.
    from django.core.management import call_command

    from notices.services import renew_calendar_key, set_digests

    call_command("send_reminders", as_of="2018-10-01", stdout=StringIO())
    set_digests(user=inspector, digests=False, by=inspector)
    renew_calendar_key(user=inspector, by=inspector)
    # On PostgreSQL, a job in the queue (its tables are in the admin, to be read).
    from django.apps import apps

    if apps.is_installed("procrastinate.contrib.django"):
        from accounts.forms import ThrottledPasswordResetForm

        settings.PEELTRACK_JOB_QUEUE = True
        form = ThrottledPasswordResetForm({"email": inspector.email})
        assert form.is_valid()
        form.save(domain_override="peeltrack.example")


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m._meta.label)
def test_domain_rows_are_never_changed_or_deleted_in_the_admin(
    admin_client, model, one_of_everything
):
    row = model.objects.first()
    assert row is not None, model
    model_admin = admin.site._registry[model]
    request = admin_client.get("/").wsgi_request
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)
    opts = model._meta
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    response = admin_client.post(change_url, {})
    assert response.status_code == 403
    delete_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403


def test_an_actions_target_date_cannot_be_moved_in_the_admin(admin_client, durham_work):
    action = durham_work["action"]
    url = reverse("admin:plans_action_change", args=[action.pk])
    response = admin_client.post(url, {"target_date": "2020-01-01", "description": "x"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.target_date == D("2019-03-31")
    assert Action.objects.get(pk=action.pk).slips.count() == 0


def test_a_plans_status_cannot_be_set_in_the_admin(admin_client, durham_work):
    plan = durham_work["plan"]
    url = reverse("admin:plans_actionplan_change", args=[plan.pk])
    assert admin_client.post(url, {"status": "accepted"}).status_code == 403
    assert ActionPlan.objects.get(pk=plan.pk).status == "submitted"


def test_a_due_date_moves_only_by_a_reasoned_change_kept_in_the_history(
    admin_client, administrator, histories
):
    milestone = Milestone.objects.get(code="R2-plan")
    assert (
        admin_client.post(
            reverse("admin:recommendations_milestone_change", args=[milestone.pk]),
            {"due_on": "2019-03-31"},
        ).status_code
        == 403
    )

    def rows(**known):
        return [
            (s.owner_slug, s.milestone.code, s.milestone.due_on, s.status, s.days_overdue)
            for s in progress.overdue(D("2018-10-01"), **known)
        ]

    before = rows()
    today = progress.today()
    url = reverse("admin:recommendations_duedatechange_add")
    response = admin_client.post(url, {"milestone": milestone.pk, "new_due_on": "2019-03-31"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        admin_client.force_login(administrator)
        response = admin_client.post(
            url,
            {
                "milestone": milestone.pk,
                "new_due_on": "2019-03-31",
                "reason": "Extended by HMICFRS",
            },
        )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.due_on == D("2019-03-31")
    change = DueDateChange.objects.get()
    assert change.old_due_on == D("2018-09-30") and change.recorded_by.username == "admin"
    entry = HistoryEntry.objects.get(subject="due_date_change")
    assert entry.summary == (
        f"Moved the due date of {R2} from 30 Sep 2018 to 31 Mar 2019: Extended by HMICFRS"
    )
    assert len(rows()) < len(before)
    # The report as known before the change (today; the change came a day later) is as it was.
    assert rows(known_on=today) == before


def test_a_grade_changes_only_by_a_reasoned_correction_kept_in_the_history(
    admin_client, administrator, durham
):
    assert (
        admin_client.post(
            reverse("admin:forces_judgment_change", args=[durham.judgments.first().pk]),
            {"grade": "inadequate"},
        ).status_code
        == 403
    )
    url = reverse("admin:recommendations_gradecorrection_add")
    today = progress.today()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        admin_client.force_login(administrator)
        response = admin_client.post(
            url,
            {
                "force": durham.pk,
                "area": area_2017("vulnerability").pk,
                "new_grade": "requires_improvement",
                "reason": "Transcription error in Annex B",
            },
        )
    assert response.status_code == 302
    assert durham.judgments.get(area=area_2017("vulnerability")).grade == "requires_improvement"
    correction = GradeCorrection.objects.get()
    assert correction.old_grade == "good"
    entry = HistoryEntry.objects.get(subject="grade_correction", force=durham)
    assert "from good to requires improvement" in entry.summary
    # Durham is now in the peer-review cohort; as known before, it was not.
    milestone = Milestone.objects.get(code="R3-first-review")
    assert any(
        s.force == durham for s in progress.standings(D("2019-02-01"), milestones=[milestone])
    )
    assert not any(
        s.force == durham
        for s in progress.standings(D("2019-02-01"), milestones=[milestone], known_on=today)
    )


def test_moving_a_liaison_to_another_force_goes_into_the_history(admin_client, kent):
    liaison = persona("liaison-durham")
    url = reverse("admin:accounts_user_change", args=[liaison.pk])
    data = {
        "username": liaison.username,
        "first_name": "Dan",
        "last_name": "Durham",
        "email": liaison.email,
        "role": "liaison",
        "force": kent.pk,
        "reason": "Seconded to Kent",
        "is_active": "on",
        "date_joined_0": "2018-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    liaison.refresh_from_db()
    assert liaison.force == kent
    entries = HistoryEntry.objects.filter(subject="person", subject_id=liaison.pk).exclude(
        summary__startswith="Added"
    )
    assert {e.force.slug for e in entries} == {"durham", "kent"}
    assert all(
        "from force liaison for Durham to force liaison for Kent: Seconded to Kent" in e.summary
        for e in entries
    )


def test_the_admin_cannot_give_one_person_two_roles(admin_client):
    liaison = persona("liaison-durham")
    form = admin_client.get(reverse("admin:accounts_user_change", args=[liaison.pk]))
    html = form.content.decode()
    # One role field with one value: no way to tick a second role.
    assert html.count('name="role"') == 1 and 'type="checkbox" name="role"' not in html
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[liaison.pk]),
        {
            "username": liaison.username,
            "role": "inspector",
            "force": liaison.force_id,
            "is_active": "on",
            "date_joined_0": "2018-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "a_liaison_and_only_a_liaison_has_a_force" in response.content.decode() or (
        "Only force liaisons are assigned to a force" in response.content.decode()
    )
    liaison.refresh_from_db()
    assert liaison.role == "liaison"


def test_progress_is_added_in_the_admin_only_by_an_inspector(
    admin_client, inspecting_admin, durham
):
    data = {
        "milestone": Milestone.objects.get(code="R4-review").pk,
        "force": durham.pk,
        "status": "met",
        "effective_on": "2018-09-20",
        "note": "Review seen",
    }
    url = reverse("admin:recommendations_progressrecord_add")
    # An administrator has no role in the work: the service refuses, on the form.
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Only inspectors record progress" in response.content.decode()
    assert not ProgressRecord.objects.exclude(source="report").exists()

    response = inspecting_admin.post(url, data)
    assert response.status_code == 302
    record = ProgressRecord.objects.exclude(source="report").get()
    assert record.recorded_by.username == "inspector" and record.source == "admin"
    assert HistoryEntry.objects.filter(subject="progress_record", force=durham).exists()


def test_the_admin_applies_the_progress_rules(inspecting_admin, durham):
    url = reverse("admin:recommendations_progressrecord_add")
    data = {
        "milestone": Milestone.objects.get(code="R3-first-review").pk,
        "force": durham.pk,
        "status": "in_progress",
        "effective_on": "2018-12-01",
    }
    response = inspecting_admin.post(url, data)
    assert response.status_code == 200
    assert "(R3-first-review) on " in response.content.decode()
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_the_admin_refuses_scope_for_a_national_milestone(inspecting_admin, durham):
    url = reverse("admin:recommendations_scopechange_add")
    data = {
        "milestone": Milestone.objects.get(code="R2-advice").pk,
        "force": durham.pk,
        "in_scope": "",
        "effective_on": "2018-06-01",
        "reason": "x",
    }
    response = inspecting_admin.post(url, data)
    assert response.status_code == 200 and "has no force scope" in response.content.decode()
    data["milestone"] = Milestone.objects.get(code="R2-plan").pk
    assert inspecting_admin.post(url, data).status_code == 302
    change = ScopeChange.objects.get()
    assert change.recorded_by.username == "inspector"
    assert HistoryEntry.objects.filter(subject="scope_change", force=durham).exists()


def test_admin_service_forms_validate_without_writing(inspector, milestone):
    from recommendations.admin import DueDateChangeForm

    form_class = type("Form", (DueDateChangeForm,), {"user": inspector})
    form = form_class(
        data={"milestone": milestone("R2-plan").pk, "new_due_on": "2018-10-31", "reason": "Moved"}
    )
    assert form.is_valid(), form.errors
    assert not DueDateChange.objects.exists()
    # The service writes when the admin saves, and only then.
    assert form.save_through_service(form.cleaned_data).new_due_on.isoformat() == "2018-10-31"
    assert DueDateChange.objects.count() == 1


def test_a_refusal_when_the_admin_saves_is_shown_on_the_form(admin_client, milestone):
    url = reverse("admin:recommendations_duedatechange_add")
    data = {"milestone": milestone("R2-plan").pk, "new_due_on": "2018-09-30", "reason": "Same"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "R2-plan is already due on 30 Sep 2018" in response.content.decode()
    assert not DueDateChange.objects.exists()


def test_the_admin_takes_a_public_summary_under_the_one_limit(inspecting_admin, durham):
    from recommendations.models import PUBLIC_SUMMARY_MAX_LENGTH

    url = reverse("admin:recommendations_progressrecord_add")
    data = {
        "milestone": Milestone.objects.get(code="R4-review").pk,
        "force": durham.pk,
        "status": "in_progress",
        "effective_on": "2018-09-01",
        "note": "",
        "public_summary": "x" * (PUBLIC_SUMMARY_MAX_LENGTH + 1),
    }
    response = inspecting_admin.post(url, data)
    assert response.status_code == 200
    assert "public_summary" in response.context["adminform"].form.errors
    assert not ProgressRecord.objects.exclude(source="report").exists()
    response = inspecting_admin.post(url, {**data, "public_summary": "Durham has begun."})
    assert response.status_code == 302
    assert ProgressRecord.objects.get(source="admin").public_summary == "Durham has begun."
