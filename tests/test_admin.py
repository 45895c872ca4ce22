"""The admin is a working tool for every model; history in it is append-only."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from recommendations.models import Milestone, ProgressRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_changelist_with_search(admin_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    if admin.site._registry[model].search_fields:
        assert admin_client.get(url, {"q": "durham"}).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in admin.site._registry
        # Written only by peeltrack's own services, so the history stays true.
        if m._meta.model_name
        not in {"signinfailure", "targetdateslip", "evidence", "submission", "historyentry"}
    ],
    ids=lambda m: m._meta.label,
)
def test_every_model_has_an_add_form(admin_client, model):
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200


def test_progress_records_are_added_in_the_admin_and_read_only_afterwards(admin_client, durham):
    milestone = Milestone.objects.get(code="R4-review")
    response = admin_client.post(
        reverse("admin:recommendations_progressrecord_add"),
        {
            "milestone": milestone.pk,
            "force": durham.pk,
            "status": "met",
            "effective_on": "2018-09-20",
            "note": "Review seen",
        },
    )
    assert response.status_code == 302
    record = ProgressRecord.objects.get()
    assert record.recorded_by.username == "admin"
    assert record.source == "admin"

    change_url = reverse("admin:recommendations_progressrecord_change", args=[record.pk])
    admin_client.post(
        change_url,
        {
            "milestone": milestone.pk,
            "force": durham.pk,
            "status": "in_progress",
            "effective_on": "2018-09-20",
            "note": "edited",
        },
    )
    record.refresh_from_db()
    assert record.status == "met" and record.note == "Review seen"
    delete_url = reverse("admin:recommendations_progressrecord_delete", args=[record.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ProgressRecord.objects.filter(effective_on=datetime.date(2018, 9, 20)).exists()


def test_the_admin_refuses_a_record_for_both_a_force_and_a_national_body(admin_client, durham):
    from forces.models import NationalBody

    response = admin_client.post(
        reverse("admin:recommendations_progressrecord_add"),
        {
            "milestone": Milestone.objects.get(code="R4-review").pk,
            "force": durham.pk,
            "national_body": NationalBody.objects.first().pk,
            "status": "met",
            "effective_on": "2018-09-20",
        },
    )
    assert response.status_code == 200
    assert not ProgressRecord.objects.exists()


@pytest.mark.parametrize(
    "name", ["signinfailure", "targetdateslip", "evidence", "submission", "historyentry"]
)
def test_service_written_history_cannot_be_added_in_the_admin(admin_client, name):
    app = "accounts" if name == "signinfailure" else "recommendations"
    assert admin_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 403


def test_the_admin_applies_the_progress_rules_and_logs_the_record(admin_client, durham):
    from recommendations.models import HistoryEntry

    url = reverse("admin:recommendations_progressrecord_add")
    data = {
        "milestone": Milestone.objects.get(code="R3-first-review").pk,
        "force": durham.pk,
        "status": "in_progress",
        "effective_on": "2018-12-01",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Durham is not in the scope of R3-first-review" in response.content.decode()
    data["milestone"] = Milestone.objects.get(code="R4-review").pk
    assert admin_client.post(url, data).status_code == 302
    assert HistoryEntry.objects.filter(subject="progress record", force=durham).exists()


def test_the_admin_refuses_scope_for_a_national_milestone(admin_client, durham):
    from recommendations.models import HistoryEntry, ScopeChange

    url = reverse("admin:recommendations_scopechange_add")
    data = {
        "milestone": Milestone.objects.get(code="R2-advice").pk,
        "force": durham.pk,
        "in_scope": "on",
        "effective_on": "2018-06-01",
        "reason": "x",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "has no force scope" in response.content.decode()
    data["milestone"] = Milestone.objects.get(code="R2-plan").pk
    assert admin_client.post(url, data).status_code == 302
    change = ScopeChange.objects.get()
    assert change.recorded_by.username == "admin"
    assert HistoryEntry.objects.filter(subject="scope", force=durham).exists()
