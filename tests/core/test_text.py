"""The text rules (core.text), at every door: pages, API, bulk, imports, admin, uploads."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.text import PlainText, clean, limit_of
from plans.models import Action, ActionPlan, Evidence, Submission, TargetDateSlip
from recommendations.models import DueDateChange, ProgressRecord, ScopeChange
from tests.conftest import PDF, api_for

pytestmark = pytest.mark.django_db

# A right-to-left override makes "evidence\u202efdp.exe" show as "evidenceexe.pdf".
HIDDEN = {
    "bidi override": "\u202e",
    "bidi isolate": "\u2067",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "byte order mark": "\ufeff",
    "NUL": "\x00",
    "escape": "\x1b",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_the_rule_refuses_hidden_and_control_characters_naming_the_field(char):
    with pytest.raises(Exception) as refused:
        clean(f"Plan{char} agreed", what="the note", field="note")
    assert refused.value.field == "note"
    assert refused.value.messages[0].startswith("The note contains")
    assert f"U+{ord(char):04X}" in refused.value.messages[0]


def test_tabs_line_breaks_and_other_scripts_are_text():
    assert clean("Cynllun\tgweithredu\nwedi'i gytuno – ✓", what="the note") == (
        "Cynllun\tgweithredu\nwedi'i gytuno – ✓"
    )


def test_a_page_refuses_a_hidden_character_and_keeps_what_was_typed(inspector, durham):
    client = Client()
    client.force_login(inspector)
    note = "Review seen\u202e and agreed"
    response = client.post(
        "/progress/record/",
        {
            "owner": "force:durham",
            "milestone": "R4-review",
            "status": "met",
            "effective_on_0": "20",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": note,
        },
    )
    assert response.status_code == 400
    assert "invisible character (right-to-left override, U+202E)" in response.content.decode()
    assert not ProgressRecord.objects.exclude(source="report").exists()


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (
            "/api/v1/progress-records/",
            {
                "milestone": "R4-review",
                "force": "durham",
                "status": "met",
                "effective_on": "2018-09-20",
                "note": "Seen\u200b",
            },
        ),
        (
            "/api/v1/progress-records/bulk/",
            {
                "records": [
                    {
                        "force": "durham",
                        "milestone": "R4-review",
                        "status": "met",
                        "effective_on": "2018-09-20",
                        "note": "Seen\u202e",
                    }
                ]
            },
        ),
        (
            "/api/v1/scope-changes/",
            {
                "milestone": "R2-plan",
                "force": "durham",
                "in_scope": False,
                "effective_on": "2018-06-01",
                "reason": "No\u2066 shortage",
            },
        ),
    ],
)
def test_the_api_refuses_hidden_characters_naming_the_field(inspector, url, body):
    response = api_for(inspector).post(url, body, format="json")
    assert response.status_code == 400
    assert "invisible character" in json.dumps(response.json())
    assert (
        not ProgressRecord.objects.exclude(source="report").exists()
        and not ScopeChange.objects.exists()
    )


def test_imports_refuse_hidden_characters_by_line(inspector, tmp_path, capsys):
    path = tmp_path / "progress.csv"
    path.write_text(
        "force,milestone,status,effective_on,note\n"
        "durham,R4-review,met,2018-09-20,Seen\n"
        "kent,R4-review,met,2018-09-20,Se\u202een\n"
        "kent,R2-plan,met,2018-09-20,Seen\x0c\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_progress", str(path), "--by", "inspector")
    said = capsys.readouterr().err
    assert "line 3: contains an invisible character (right-to-left override" in said
    # A form feed is a control character, not a line break that hides it.
    assert "line 4: contains a control character (U+000C)" in said
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_evidence_titles_and_file_names_follow_the_rules(liaison_durham, durham_work):
    from core.refusals import Refused
    from plans.services import attach_evidence

    plan = durham_work["plan"]
    before = Evidence.objects.count()
    # "report\u202efdp.exe" shows as "reportexe.pdf". (Django's own upload parser drops
    # such characters from names it reads; the rule holds for every other door too.)
    spoofed = SimpleUploadedFile("report\u202efdp.exe", PDF, content_type="application/pdf")
    with pytest.raises(Refused) as refused:
        attach_evidence(plan=plan, upload=spoofed, title="Report", by=liaison_durham)
    assert refused.value.field == "file"
    assert "The selected file's name contains an invisible character" in refused.value.messages[0]
    response = api_for(liaison_durham).post(
        "/api/v1/evidence/",
        {
            "action_plan": plan.pk,
            "title": "Rep\u200bort",
            "file": SimpleUploadedFile("report.pdf", PDF),
        },
        format="multipart",
    )
    assert response.status_code == 400 and "title" in response.json()
    assert Evidence.objects.count() == before


def test_the_admin_refuses_hidden_characters_in_a_reason(admin_client, milestone):
    response = admin_client.post(
        reverse("admin:recommendations_duedatechange_add"),
        {
            "milestone": milestone("R2-plan").pk,
            "new_due_on": "2018-10-31",
            "reason": "Agreed\u202e with the NPCC",
        },
    )
    assert response.status_code == 200
    assert "invisible character" in response.content.decode()
    assert not DueDateChange.objects.exists()


def test_the_force_search_box_refuses_a_nul_instead_of_failing(signed_in):
    response = signed_in.get("/forces/", {"q": "Dur\x00ham"})
    assert response.status_code == 400
    assert "The name to find contains a control character (U+0000)" in response.content.decode()
    assert signed_in.get("/forces/", {"q": "durh"}).status_code == 200


# Each text limit is declared once, on the model field, and every door reads it there.
LIMITS = [
    (ActionPlan, "summary", 5_000),
    (Action, "description", 2_000),
    (Action, "owner", 150),
    (TargetDateSlip, "reason", 2_000),
    (Evidence, "title", 200),
    (Evidence, "withdrawal_reason", 5_000),
    (Submission, "summary", 10_000),
    (Submission, "decision_note", 10_000),
    (ProgressRecord, "note", 10_000),
    (ScopeChange, "reason", 5_000),
    (DueDateChange, "reason", 5_000),
]


@pytest.mark.parametrize(("model", "field", "limit"), LIMITS)
def test_text_limits_are_declared_on_the_model_field(model, field, limit):
    assert limit_of(model, field) == limit
    assert any(isinstance(v, PlainText) for v in model._meta.get_field(field).validators)


def test_the_withdrawal_reason_has_one_limit_at_every_door(liaison_durham, durham_work):
    from plans.api import WithdrawalSerializer
    from plans.forms import ReasonForm

    limit = limit_of(Evidence, "withdrawal_reason")
    assert ReasonForm().fields["reason"].max_length == limit
    assert WithdrawalSerializer().fields["reason"].max_length == limit
    evidence = durham_work["evidence"]
    response = api_for(liaison_durham).post(
        f"/api/v1/evidence/{evidence.pk}/withdraw/", {"reason": "x" * (limit + 1)}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()
