"""Loading a report from its file: in one step, all or nothing, every problem named by its
place in the file, the same file twice changing nothing, and a differing file refused."""

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from audit.history import data_version
from core.refusals import Refused
from forces.models import Inspection, Judgment, NationalBody
from recommendations import progress
from recommendations.loader import check_report, load_report
from recommendations.models import Milestone, ProgressRecord, Recommendation, Report
from recommendations.report_files import FileRefused
from tests.conftest import api_for

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "report-format.md"
D = datetime.date.fromisoformat


def example_from_the_docs() -> str:
    """The full example in docs/report-format.md: it must itself load."""
    found = re.search(r"## A full example\n\n```yaml\n(.*?)```", DOCS.read_text(), re.DOTALL)
    assert found
    return found.group(1)


THEMATIC = {
    "slug": "custody-thematic-2019",
    "title": "Custody: a thematic inspection",
    "published_on": "2019-04",
    "responses_required": True,
    "inspection": {
        "slug": "custody-2019",
        "title": "Custody inspection 2019",
        "areas": [{"slug": "safety", "name": "Safety"}, {"slug": "overall", "name": "Overall"}],
        "scale": ["outstanding", "good", "adequate", "requires_improvement", "inadequate"],
        "judgments": {
            "durham": {"safety": "good", "overall": "good"},
            "kent": {"safety": "adequate", "overall": "adequate"},
            "lancashire": {"safety": "inadequate", "overall": "requires_improvement"},
        },
    },
    "national_bodies": [{"slug": "home-office", "name": "Home Office"}],
    "items": [
        {
            "kind": "recommendation",
            "number": 1,
            "theme": "Custody safety",
            "text": "By 30 June 2019, forces graded adequate or worse for safety should act.",
            "text_is": "verbatim",
            "source": "Recommendations, p. 5",
            "follows_up": [{"report": "peel-effectiveness-2017", "number": 4}],
            "milestones": [
                {
                    "code": "CT1-plan",
                    "description": "Custody safety plan",
                    "due_on": "2019-06-30",
                    "due_label": "By 30 June 2019",
                    "owner": "forces",
                    "scope": {
                        "graded": {
                            "inspection": "custody-2019",
                            "area": "safety",
                            "grades": ["adequate", "requires_improvement", "inadequate"],
                        }
                    },
                },
                {
                    "code": "CT1-guidance",
                    "description": "National custody guidance",
                    "due_on": None,
                    "owner": "home-office",
                },
            ],
        },
        {
            "kind": "area_for_improvement",
            "number": 1,
            "theme": "Kent's custody records",
            "text": "Kent should improve its custody records.",
            "text_is": "verbatim",
            "source": "Kent, p. 9",
            "force": "kent",
            "milestones": [
                {
                    "code": "CT-AFI1-records",
                    "description": "Custody records improved",
                    "due_on": "2019-09-30",
                    "owner": "forces",
                    "scope": "all_forces",
                }
            ],
        },
    ],
    "findings": [
        {
            "milestone": "R4-review",
            "owner": "durham",
            "status": "met",
            "effective_on": "2019-04",
            "text": "Durham has reviewed its use of bail.",
            "source": "Bail, p. 12",
        }
    ],
}


def as_yaml(document) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()


def problems_of(data: bytes, name: str = "report.yaml") -> list[str]:
    with pytest.raises(FileRefused) as refused:
        check_report(data, name=name)
    return refused.value.messages


def test_the_docs_example_loads(inspector):
    loaded = load_report(example_from_the_docs().encode(), name="example.yaml", by=inspector)
    assert loaded.written
    report = Report.objects.get(slug="example-thematic-2019")
    assert report.responses_required and report.published == "10 April 2019"
    assert Inspection.objects.get(slug="peel-2019").scale[2] == "adequate"
    item = report.recommendations.get()
    assert item.follows_up.get().label == "Recommendation 2"
    assert item.milestones.get(code="EX1-national").national_body.name == "Home Office"


def test_a_file_loads_in_one_step_and_its_milestones_are_tracked_everywhere(
    inspector, manager, write
):
    call_command("load_report", "--by", "inspector", str(write(THEMATIC)), stdout=(out := Output()))
    assert "Loaded Custody: a thematic inspection: 2 items, 3 milestones, 6 grades" in out.text
    report = Report.objects.get(slug="custody-thematic-2019")
    assert report.published == "April 2019" and report.inspection.slug == "custody-2019"
    assert Judgment.objects.of_inspection(Inspection.objects.get(slug="custody-2019")).count() == 6
    assert NationalBody.objects.filter(slug="home-office").exists()
    # The graded scope reads the new inspection's grades: Kent and Lancashire, not Durham.
    plan = Milestone.objects.get(code="CT1-plan")
    in_scope = {s.force.slug for s in progress.standings(D("2019-07-01"), milestones=[plan])}
    assert in_scope == {"kent", "lancashire"}
    # The area for improvement addressed to Kent is Kent's alone.
    records = Milestone.objects.get(code="CT-AFI1-records")
    assert [s.force.slug for s in progress.standings(D("2019-10-01"), milestones=[records])] == [
        "kent"
    ]
    # The undated national milestone is tracked, never overdue.
    guidance = Milestone.objects.get(code="CT1-guidance")
    (standing,) = progress.standings(D("2030-01-01"), milestones=[guidance])
    assert standing.status == "not_started" and not standing.is_overdue
    # The finding is a progress record from the report's own account.
    finding = ProgressRecord.objects.get(source="report", milestone__code="R4-review")
    assert finding.citation == "Custody: a thematic inspection, Bail, p. 12"
    assert finding.effective == "April 2019" and finding.recorded_by == inspector
    # Everywhere the 2017 milestones are: pages, downloads, the API, the command.
    client = Client()
    client.force_login(manager)
    query = {"report": report.slug, "as_of": "2019-07-01"}
    dashboard = client.get("/", query)
    assert [m.code for m in dashboard.context["page"].columns] == ["CT1-plan", "CT-AFI1-records"]
    overdue = client.get("/reports/overdue/", {**query, "format": "csv"}).content.decode()
    assert "CT1-plan" in overdue and "kent" in overdue and "durham" not in overdue
    api = api_for(manager).get("/api/v1/overdue/", query).json()
    assert {(r["force"]["slug"], r["milestone"]["code"]) for r in api} == {
        ("kent", "CT1-plan"),
        ("lancashire", "CT1-plan"),
    }
    call_command("overdue_report", "--report", report.slug, "--as-of", "2019-07-01", stdout=out)
    assert "lancashire" in out.text
    assert client.get(f"/reports/{report.slug}/").status_code == 200
    item = client.get(f"/reports/{report.slug}/recommendation-1/").content.decode()
    assert "Follows up" in item and "Recommendation 4 of PEEL: Police effectiveness 2017" in item
    assert (
        "Made again in"
        in client.get("/reports/peel-effectiveness-2017/recommendation-4/").content.decode()
    )


def test_json_and_yaml_are_the_same_structure(inspector):
    loaded = load_report(json.dumps(THEMATIC).encode(), name="custody.json", by=inspector)
    assert loaded.written
    assert Recommendation.objects.filter(report__slug="custody-thematic-2019").count() == 2


def test_a_dry_run_checks_and_writes_nothing(inspector, write):
    before = data_version()
    call_command("load_report", "--dry-run", str(write(THEMATIC)), stdout=(out := Output()))
    assert "Would load Custody: a thematic inspection" in out.text
    assert not Report.objects.filter(slug="custody-thematic-2019").exists()
    assert data_version() == before


def test_loading_the_same_file_again_changes_nothing_and_says_so(inspector):
    load_report(as_yaml(THEMATIC), by=inspector)
    before = data_version()
    again = load_report(as_yaml(THEMATIC), by=inspector)
    assert not again.written and again.already_loaded
    assert "already loaded as the file describes it" in again.summary[0]
    assert data_version() == before


def test_a_changed_due_date_still_counts_as_the_file_loaded(inspector):
    from recommendations.services import change_due_date

    load_report(as_yaml(THEMATIC), by=inspector)
    change_due_date(
        milestone=Milestone.objects.get(code="CT1-plan"),
        due_on=D("2019-08-31"),
        reason="Agreed with the forces",
        by=inspector,
    )
    assert load_report(as_yaml(THEMATIC), by=inspector).already_loaded


def test_a_file_that_differs_from_the_loaded_report_is_refused_with_the_differences(inspector):
    load_report(as_yaml(THEMATIC), by=inspector)
    changed = json.loads(json.dumps(THEMATIC))
    changed["items"][0]["text"] = "A different text."
    changed["items"][0]["milestones"][0]["due_on"] = "2019-07-31"
    changed["inspection"]["judgments"]["durham"]["safety"] = "adequate"
    with pytest.raises(FileRefused) as refused:
        load_report(as_yaml(changed), by=inspector)
    said = "\n".join(refused.value.messages)
    assert "already loaded and the file differs" in said
    assert "recommendation 1, text: loaded" in said
    assert "CT1-plan, due_on: loaded datetime.date(2019, 6, 30)" in said
    assert "inspection.judgments.durham.safety: loaded 'good', the file says 'adequate'" in said
    assert Milestone.objects.get(code="CT1-plan").due_on == D("2019-06-30")


def test_only_inspectors_load_reports(manager, liaison_durham):
    for person in (manager, liaison_durham, None):
        with pytest.raises(Refused) as refused:
            load_report(as_yaml(THEMATIC), by=person)
        assert refused.value.status == 403
    assert not Report.objects.filter(slug="custody-thematic-2019").exists()


def broken(change) -> bytes:
    document = json.loads(json.dumps(THEMATIC))
    change(document)
    return as_yaml(document)


def set_(path, value):
    def change(document):
        *parents, last = path
        node = document
        for key in parents:
            node = node[key]
        node[last] = value

    return change


def without_scope(document):
    # Addressed to no force, and with no scope of its own.
    del document["items"][1]["force"], document["items"][1]["milestones"][0]["scope"]


MALFORMED = {
    "not YAML": (b"slug: [unclosed\n", "line 2, column 1: the file is not valid YAML"),
    "not JSON": (b'{"slug": }', "line 1, column 10: the file is not valid JSON"),
    "not UTF-8": (b"slug: caf\xe9\n", "is not UTF-8 text (byte 10"),
    "empty": (b"\n\n", "The file is empty."),
    "missing field": (broken(lambda d: d.pop("title")), "the file: missing title"),
    "unknown field": (
        broken(set_(["items", 0, "urgency"], "high")),
        "items[0]: unknown field urgency",
    ),
    "a date that is no date": (
        broken(set_(["items", 0, "milestones", 0, "due_on"], "2019-02-30")),
        "items[0].milestones[0].due_on: '2019-02-30' is not a real date",
    ),
    "a date in the wrong form": (
        broken(set_(["published_on"], "April 2019")),
        "published_on: 'April 2019' is not a date (YYYY-MM-DD), a month (YYYY-MM) or a year",
    ),
    "a kind that is not one": (
        broken(set_(["items", 0, "kind"], "suggestion")),
        "items[0].kind: 'suggestion' is not one of recommendation",
    ),
    "a grade off the scale": (
        broken(set_(["inspection", "judgments", "kent", "safety"], "superb")),
        "inspection.judgments.kent.safety: 'superb' is not one of outstanding",
    ),
    "a grade the inspection does not give": (
        broken(set_(["inspection", "scale"], ["good", "inadequate"])),
        "inspection.judgments.kent.safety: 'adequate' is not in the inspection's scale",
    ),
    "an area the inspection does not have": (
        broken(set_(["inspection", "judgments", "kent", "speed"], "good")),
        "inspection.judgments.kent.speed: the inspection has no area 'speed'",
    ),
    "an unknown force": (
        broken(set_(["inspection", "judgments", "gotham"], {"safety": "good"})),
        "inspection.judgments.gotham: there is no force with the slug 'gotham'",
    ),
    "an unknown national body": (
        broken(set_(["items", 0, "milestones", 1, "owner"], "ministry-of-magic")),
        "items[0].milestones[1].owner: there is no national body 'ministry-of-magic'",
    ),
    "a code another report has": (
        broken(set_(["items", 0, "milestones", 0, "code"], "R2-plan")),
        "items[0].milestones[0].code: R2-plan is already a milestone of the report "
        "peel-effectiveness-2017",
    ),
    "one number twice": (
        broken(set_(["items", 1, "kind"], "recommendation")),
        "items[1]: recommendation 1 is also items[0]",
    ),
    "a follow-up of a report not loaded": (
        broken(set_(["items", 0, "follows_up"], [{"report": "peel-2030", "number": 1}])),
        "items[0].follows_up[0]: the report 'peel-2030' is not loaded: load it first",
    ),
    "a follow-up of an item not there": (
        broken(
            set_(["items", 0, "follows_up"], [{"report": "peel-effectiveness-2017", "number": 9}])
        ),
        "items[0].follows_up[0]: the report peel-effectiveness-2017 has no recommendation 9",
    ),
    "a scope graded by an unknown inspection": (
        broken(
            set_(
                ["items", 0, "milestones", 0, "scope"],
                {"graded": {"inspection": "nope", "area": "safety", "grades": ["good"]}},
            )
        ),
        "items[0].milestones[0].scope.graded.inspection: there is no inspection 'nope'",
    ),
    "a forces milestone without its scope": (
        broken(without_scope),
        "items[1].milestones[0].scope: a forces milestone needs its scope",
    ),
    "a finding on no milestone": (
        broken(set_(["findings", 0, "milestone"], "R9-none")),
        "findings[0].milestone: there is no milestone 'R9-none'",
    ),
    "a finding on a forces milestone without its force": (
        broken(lambda d: d["findings"][0].pop("owner")),
        "findings[0].owner: R4-review is a forces milestone: name the force the finding is",
    ),
    "a finding in the future": (
        broken(set_(["findings", 0, "effective_on"], "2999-01")),
        "findings[0].effective_on",
    ),
    "a slug that is a page's": (
        broken(set_(["slug"], "overdue")),
        "slug: 'overdue' is the name of a page here",
    ),
    "a hidden character": (
        broken(set_(["items", 0, "text"], "By June\u202e, act.")),
        "items[0].text: The text contains an invisible character (right-to-left override",
    ),
}


@pytest.mark.parametrize("mistake", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_is_refused_with_the_place_of_each_problem(inspector, mistake):
    data, message = MALFORMED[mistake]
    before = (data_version(), Report.objects.count(), Milestone.objects.count())
    name = "report.json" if mistake == "not JSON" else "report.yaml"
    said = "\n".join(problems_of(data, name))
    assert message in said, said
    with pytest.raises(FileRefused):
        load_report(data, name=name, by=inspector)
    assert (data_version(), Report.objects.count(), Milestone.objects.count()) == before


def test_an_inspection_already_loaded_with_another_report_is_refused(inspector):
    load_report(as_yaml(THEMATIC), by=inspector)
    other = json.loads(json.dumps(THEMATIC))
    other["slug"] = "custody-again"
    for item in other["items"]:
        for milestone in item["milestones"]:
            milestone["code"] += "-again"
    other.pop("findings")
    with pytest.raises(FileRefused) as refused:
        load_report(as_yaml(other), by=inspector)
    assert "the inspection custody-2019 is already loaded" in refused.value.messages[0]


def test_the_command_names_its_problems_and_loads_nothing(inspector, capsys, write):
    path = write(json.loads(json.dumps(THEMATIC)) | {"title": ""})
    with pytest.raises(CommandError, match="Nothing loaded"):
        call_command("load_report", "--by", "inspector", str(path))
    assert "title:" in capsys.readouterr().err
    with pytest.raises(CommandError, match="must name an active inspector"):
        call_command("load_report", "--by", "nobody", str(write(THEMATIC)))


# ---------------------------------------------------------------------------
# The upload page


def page_client(person):
    client = Client()
    client.force_login(person)
    return client


def upload(name: str, data: bytes, **extra):
    return {"file": SimpleUploadedFile(name, data), **extra}


def test_an_inspector_loads_a_report_on_the_upload_page(inspector):
    client = page_client(inspector)
    assert client.get("/reports/load/").status_code == 200
    checked = client.post("/reports/load/", upload("c.yaml", as_yaml(THEMATIC), check_only="on"))
    assert checked.status_code == 200 and "The file can be loaded" in checked.content.decode()
    assert not Report.objects.filter(slug="custody-thematic-2019").exists()
    response = client.post("/reports/load/", upload("c.yaml", as_yaml(THEMATIC)))
    assert response.status_code == 302 and response["Location"] == "/reports/custody-thematic-2019/"
    page = client.get(response["Location"]).content.decode()
    assert "Loaded Custody: a thematic inspection" in page


def test_the_upload_page_lists_every_problem_and_loads_nothing(inspector):
    data, _message = MALFORMED["a date that is no date"]
    response = page_client(inspector).post("/reports/load/", upload("c.yaml", data))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "items[0].milestones[0].due_on" in html
    assert not Report.objects.filter(slug="custody-thematic-2019").exists()


def test_only_inspectors_may_open_the_upload_page(manager, liaison_durham):
    for person in (manager, liaison_durham):
        assert page_client(person).get("/reports/load/").status_code == 403


def test_the_upload_page_takes_only_report_files(inspector):
    response = page_client(inspector).post("/reports/load/", upload("c.pdf", b"%PDF-1.4"))
    assert response.status_code == 400
    assert "The file must be YAML (.yaml, .yml) or JSON (.json)" in response.content.decode()


# ---------------------------------------------------------------------------


class Output:
    """A stdout for call_command that keeps what was written."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


@pytest.fixture
def write(tmp_path):
    """A report file in the test's own folder."""

    def put(document, name="report.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(as_yaml(document))
        return path

    return put


def test_a_loaded_reports_milestones_are_reminded_of_and_in_the_calendars(
    inspector, liaison_kent, manager
):
    from notices.models import CalendarKey
    from notices.services import renew_calendar_key
    from tests.notices.conftest import run_on

    load_report(as_yaml(THEMATIC), by=inspector)
    # Kent's liaison is reminded of Kent's custody plan a week before it is due.
    said, _complaints = run_on("2019-06-23", "--dry-run")
    assert "CT1-plan" in said and liaison_kent.email in said
    # The all-deadlines calendar has it; the undated national milestone has no day to be on.
    key = renew_calendar_key(user=manager, by=manager)
    assert isinstance(key, CalendarKey)
    feed = Client().get(f"/calendars/{key.pk}/{key.secret}/milestones.ics").content.decode()
    assert "CT1-plan" in feed and "CT1-guidance" not in feed
