"""The signed-in staff pages in Welsh: the dashboard, the reports and their items, the
national picture, recommendations made again, a milestone's history, recording progress,
loading a report, changing scope, the overdue report, the forces, the activity report,
the local policing bodies' responses and the publications, read by a manager, an
inspector and a liaison under /cy/: every one says it is Welsh and leaves no English
but the data it shows (names and titles) and the reports' own words, marked lang="en"."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from forces.models import Force, NationalBody
from policing_bodies.services import record_response, set_publication_day
from recommendations.models import ProgressRecord, Recommendation, Report
from tests.welsh import english_left

pytestmark = pytest.mark.django_db
R2017 = "peel-effectiveness-2017"
AS_OF = {"as_of": "2018-10-01"}


def names() -> tuple[str, ...]:
    """What the pages show as it is: forces', bodies', reports', people's names and
    titles, longest first so a name inside another goes with it."""
    found = {
        *Force.objects.values_list("name", flat=True),
        *NationalBody.objects.values_list("name", flat=True),
        *Report.objects.values_list("title", flat=True),
        *Recommendation.objects.values_list("theme", flat=True),
        "Irene Inspector",
        "Dan Durham",
        "Mary Manager",
        "The inspectorate's page for it",
        "Plan seen",
        "Plan agreed",
        "Bail review report",
        "Full investigative contingent",
        "Quarterly publication",
    }
    from forces.models import Inspection
    from policing_bodies.models import LocalPolicingBody

    found |= set(Inspection.objects.values_list("title", flat=True))
    found |= set(LocalPolicingBody.objects.values_list("name", flat=True))
    found |= {
        m.description for m in __import__("recommendations.models").models.Milestone.objects.all()
    }
    return tuple(sorted(found, key=len, reverse=True))


def welsh(user, path, params=None, status=200):
    client = Client()
    client.force_login(user)
    response = client.get(path, params or {})
    assert response.status_code == status, path
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html is not None and page.html["lang"] == "cy", path
    return response


def assert_all_welsh(response, path=""):
    left = english_left(response.content, allowed=names())
    assert left == [], path


@pytest.fixture
def responses(inspector, liaison_durham, durham):
    report = Report.objects.get(slug=R2017)
    set_publication_day(
        report=report,
        published_on=datetime.date(2018, 3, 22),
        reason="The inspectorate's page for it",
        by=inspector,
    )
    record_response(
        report=report,
        force=durham,
        published_on=datetime.date(2018, 5, 10),
        url="https://www.example.gov.uk/durham/response.pdf",
        answers_every_recommendation=True,
        note="",
        by=inspector,
    )
    return report


READ_AS_OF = [
    "/cy/",
    "/cy/reports/",
    f"/cy/reports/{R2017}/",
    f"/cy/reports/{R2017}/recommendation-2/",
    "/cy/reports/by-force/",
    "/cy/repeated-recommendations/",
    "/cy/reports/overdue/",
]


@pytest.mark.parametrize("path", READ_AS_OF)
@pytest.mark.parametrize("who", ["manager", "inspector", "liaison_durham"])
def test_the_pages_read_as_of_a_date_are_in_welsh(request, histories, responses, who, path):
    user = request.getfixturevalue(who)
    assert_all_welsh(welsh(user, path, AS_OF), path)


@pytest.mark.parametrize("who", ["manager", "inspector", "liaison_durham"])
def test_the_dashboard_and_overdue_report_filtered_are_in_welsh(request, histories, who):
    user = request.getfixturevalue(who)
    for path in ("/cy/", "/cy/reports/overdue/"):
        query = {**AS_OF, "country": "wales", "status": "overdue", "due": "2018-09"}
        assert_all_welsh(welsh(user, path, query), path)


def test_the_as_of_pages_with_bad_dates_are_in_welsh(manager, histories):
    for path in READ_AS_OF:
        assert_all_welsh(welsh(manager, path, {"as_of": "not a day"}, status=400), path)


def test_a_milestones_history_is_in_welsh(histories, inspector, liaison_durham):
    for user in (inspector, liaison_durham):
        path = "/cy/forces/durham/history/R2-plan/"
        assert_all_welsh(welsh(user, path), path)


def test_recording_and_correcting_progress_are_in_welsh(histories, inspector):
    assert_all_welsh(welsh(inspector, "/cy/progress/record/"))
    earlier = ProgressRecord.objects.filter(force__slug="durham").first()
    assert_all_welsh(welsh(inspector, "/cy/progress/record/", {"corrects": earlier.pk}))
    client = Client()
    client.force_login(inspector)
    refused = client.post("/cy/progress/record/", {})
    assert refused.status_code == 400
    assert_all_welsh(refused)


def test_loading_a_report_and_changing_scope_are_in_welsh(inspector):
    assert_all_welsh(welsh(inspector, "/cy/reports/load/"))
    assert_all_welsh(welsh(inspector, "/cy/forces/durham/scope/"))
    client = Client()
    client.force_login(inspector)
    for path in ("/cy/reports/load/", "/cy/forces/durham/scope/"):
        refused = client.post(path, {})
        assert refused.status_code == 400
        assert_all_welsh(refused, path)


@pytest.mark.parametrize("who", ["manager", "inspector", "liaison_durham"])
def test_the_forces_list_is_in_welsh(request, who):
    user = request.getfixturevalue(who)
    assert_all_welsh(welsh(user, "/cy/forces/"))
    assert_all_welsh(welsh(user, "/cy/forces/", {"q": "nowhere"}))


@pytest.mark.parametrize("who", ["manager", "inspector"])
def test_the_activity_report_is_in_welsh(request, histories, durham_work, who):
    user = request.getfixturevalue(who)
    assert_all_welsh(welsh(user, "/cy/reports/activity/", AS_OF))
    assert_all_welsh(welsh(user, "/cy/reports/activity/", {"days": "0"}, status=400))


@pytest.mark.parametrize("who", ["manager", "inspector", "liaison_durham"])
def test_the_responses_pages_are_in_welsh(request, responses, who):
    user = request.getfixturevalue(who)
    assert_all_welsh(welsh(user, "/cy/responses/"))
    assert_all_welsh(welsh(user, "/cy/responses/", {"status": "met"}))
    assert_all_welsh(welsh(user, "/cy/responses/", {"status": "nonsense"}, status=400))
    assert_all_welsh(welsh(user, f"/cy/responses/{R2017}/durham/"))


def test_the_publications_page_is_in_welsh(inspector):
    assert_all_welsh(welsh(inspector, "/cy/publications/"))
    client = Client()
    client.force_login(inspector)
    refused = client.post("/cy/publications/", {"known_on_0": "", "reason": ""})
    assert refused.status_code == 400
    assert_all_welsh(refused)


def test_every_problem_in_a_report_file_is_said_in_welsh(inspector):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.recommendations.test_load_report import MALFORMED

    client = Client()
    client.force_login(inspector)
    for case, (data, _english) in MALFORMED.items():
        refused = client.post("/cy/reports/load/", {"file": SimpleUploadedFile("c.yaml", data)})
        assert refused.status_code == 400, case
        errors = BeautifulSoup(refused.content, "html.parser").select(".govuk-error-summary li")
        assert errors, case
        # What the file itself says, quoted back ('ministry-of-magic'), is not the page's.
        page_text = BeautifulSoup(refused.content, "html.parser").get_text()
        quoted = tuple(re.findall(r"'[^']*'", page_text))
        assert english_left(refused.content, allowed=(*quoted, *names())) == [], case
