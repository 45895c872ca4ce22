"""A force liaison's journey in Welsh: signing in, their force's page, an action plan,
adding and changing an action, attaching and withdrawing evidence, submitting for
assessment, the submission itself, and changing or resetting a password. Each page under
/cy/ says it is Welsh and leaves no English but the data it shows (names, titles, what
people typed); each form, sent back with a mistake, says what is wrong in Welsh."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client, TestCase

from forces.models import Force, Inspection, InspectionArea, NationalBody
from plans.models import Evidence
from recommendations.models import Milestone, Recommendation, Report
from tests.conftest import PASSWORD, build_plan, pdf
from tests.welsh import english_left

pytestmark = pytest.mark.django_db

# What the liaisons typed, shown as typed (tests/conftest.py's build_plan).
TYPED = ("Recruit and train 20 detectives", "Head of Crime", "Workforce plan", "Our plan")


def names() -> tuple[str, ...]:
    """What the pages show as it is: forces', bodies', reports', items' and inspections'
    names and titles, people's names and what they typed; longest first, so a name inside
    another goes with it."""
    found = {
        *Force.objects.values_list("name", flat=True),
        *Force.objects.exclude(name_cy="").values_list("name_cy", flat=True),
        *NationalBody.objects.values_list("name", flat=True),
        *Report.objects.values_list("title", flat=True),
        *Recommendation.objects.values_list("theme", flat=True),
        *Milestone.objects.values_list("description", flat=True),
        *Inspection.objects.values_list("title", flat=True),
        *InspectionArea.objects.values_list("name", flat=True),
        "Dan Durham",
        "Kim Kent",
        "Gwen Gwent",
        "Irene Inspector",
        "evidence.pdf",
        *TYPED,
    }
    return tuple(sorted(found, key=len, reverse=True))


def is_welsh(response, path="", status=200):
    assert response.status_code == status, (path, response.status_code)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html is not None and page.html["lang"] == "cy", path
    left = english_left(response.content, allowed=names())
    assert left == [], (path, left)
    return page


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors_of(page) -> tuple[list[str], list[str]]:
    """The error summary's messages, and the fields' own."""
    summary = [" ".join(li.get_text().split()) for li in page.select(".govuk-error-summary li")]
    fields = [
        " ".join(p.get_text().replace("Gwall:", "").split())
        for p in page.select(".govuk-error-message")
    ]
    return summary, fields


def assert_welsh_errors(page, *expected):
    summary, fields = errors_of(page)
    assert "Mae problem wedi codi" in page.select_one(".govuk-error-summary").get_text()
    for message in expected:
        assert message in summary, (message, summary)
        assert message in fields, (message, fields)


@pytest.fixture
def gwent(db):
    return Force.objects.get(slug="gwent")


@pytest.fixture
def liaison_gwent(gwent):
    # As tests/conftest.py's personas are made: a liaison of a Welsh force.
    from accounts.services import add_user

    return add_user(
        username="liaison-gwent",
        role="liaison",
        password=PASSWORD,
        force=gwent,
        first_name="Gwen",
        last_name="Gwent",
        email="liaison-gwent@example.police.uk",
        check_password=False,
    )


@pytest.fixture
def gwent_work(gwent, liaison_gwent):
    return build_plan(gwent, liaison_gwent)


@pytest.fixture(params=["durham", "gwent"])
def work(request):
    """A liaison and their force's plan: of an English force, and of a Welsh one."""
    if request.param == "durham":
        return {
            "liaison": request.getfixturevalue("liaison_durham"),
            **request.getfixturevalue("durham_work"),
        }
    return {
        "liaison": request.getfixturevalue("liaison_gwent"),
        **request.getfixturevalue("gwent_work"),
    }


# --- Signing in ------------------------------------------------------------------------


def test_the_sign_in_page_is_in_welsh(liaison_durham):
    client = Client()
    is_welsh(client.get("/cy/sign-in/"), "sign-in")
    is_welsh(client.get("/cy/sign-in/", {"timed_out": "1"}), "timed out")


def test_a_wrong_password_is_refused_in_welsh(liaison_durham):
    page = is_welsh(
        Client().post("/cy/sign-in/", {"username": "liaison-durham", "password": "wrong"}),
        status=200,
    )
    assert (
        "Rhowch enw defnyddiwr a chyfrinair cywir"
        in page.select_one(".govuk-error-summary").get_text()
    )


def test_signing_in_in_welsh_leads_to_the_force_in_welsh(liaison_gwent):
    client = Client()
    response = client.post(
        "/cy/sign-in/", {"username": "liaison-gwent", "password": PASSWORD}, follow=True
    )
    # A Welsh force's liaison is first asked which language they want (in both).
    asked = is_welsh(response, "language question")
    assert asked.select_one('h1 [lang="cy"]') is not None
    response = client.post(response.redirect_chain[-1][0], {"language": "cy"}, follow=True)
    page = is_welsh(response, "after sign-in")
    assert response.redirect_chain[-1][0].startswith("/cy/forces/gwent/")
    # Gwent's own Welsh name, where the page names the force.
    assert page.h1.get_text(strip=True) == "Heddlu Gwent"


def test_too_many_attempts_are_refused_in_welsh(settings, liaison_durham):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 1
    client = Client()
    client.post("/cy/sign-in/", {"username": "liaison-durham", "password": "wrong"})
    page = is_welsh(client.post("/cy/sign-in/", {"username": "liaison-durham", "password": "x"}))
    assert (
        "Bu gormod o ymdrechion aflwyddiannus" in page.select_one(".govuk-error-summary").get_text()
    )


# --- The force page and the plan -------------------------------------------------------


def test_the_force_page_is_in_welsh(work, histories):
    client = signed_in(work["liaison"])
    slug = work["plan"].force.slug
    is_welsh(client.get(f"/cy/forces/{slug}/"), slug)
    is_welsh(client.get(f"/cy/forces/{slug}/", {"as_of": "2018-10-01"}), slug)
    is_welsh(client.get(f"/cy/forces/{slug}/", {"known_on": "2018-10-01"}), slug)
    page = is_welsh(client.get(f"/cy/forces/{slug}/", {"as_of": "not a day"}), slug, status=400)
    assert page.select(".govuk-error-summary li")


def test_the_force_page_in_english_is_unchanged_by_the_welsh_one(durham_work, liaison_durham):
    client = signed_in(liaison_durham)
    welsh = client.get("/cy/forces/durham/").content.decode()
    english = client.get("/forces/durham/").content.decode()
    assert "Cynlluniau gweithredu" in welsh and "Cynlluniau gweithredu" not in english
    assert "Action plans" in english


def test_the_plan_page_is_in_welsh(work):
    client = signed_in(work["liaison"])
    plan = work["plan"]
    page = is_welsh(client.get(f"/cy/plans/{plan.pk}/"), "plan")
    assert page.find(string=re.compile("Cynllun gweithredu ar gyfer"))


def test_a_typed_date_is_read_back_in_welsh(work):
    client = signed_in(work["liaison"])
    slug = work["plan"].force.slug
    response = client.get(f"/cy/forces/{slug}/", {"as_of": "1/10/2018"}, follow=True)
    page = is_welsh(response, "typed date")
    assert "Darllenwyd “1/10/2018” fel 1 Hydref 2018." in page.get_text()


def test_saving_a_summary_and_a_clash_are_in_welsh(work):
    client = signed_in(work["liaison"])
    plan = work["plan"]
    saved = client.post(
        f"/cy/plans/{plan.pk}/summary/",
        {"version": plan.version, "summary": "A better plan"},
        follow=True,
    )
    page = is_welsh(saved, "summary saved")
    assert "Cadwyd crynodeb y cynllun" in page.get_text()
    # The version they started from has moved on: the clash is explained in Welsh.
    clash = client.post(
        f"/cy/plans/{plan.pk}/summary/", {"version": plan.version, "summary": "Mine instead"}
    )
    page = is_welsh(clash, "summary clash", status=409)
    assert "Cadwodd rhywun arall y cynllun gweithredu hwn" in page.get_text()
    assert "Eu fersiwn a gadwyd" in page.get_text()


# --- Actions ---------------------------------------------------------------------------


def test_adding_an_action_is_in_welsh(work):
    client = signed_in(work["liaison"])
    plan = work["plan"]
    is_welsh(client.get(f"/cy/plans/{plan.pk}/actions/add/"), "add action")
    page = is_welsh(
        client.post(f"/cy/plans/{plan.pk}/actions/add/", {"version": plan.version}),
        "add action refused",
        status=400,
    )
    assert_welsh_errors(
        page,
        "Rhowch beth fydd yr heddlu’n ei wneud",
        "Dewiswch dymor byr, canolig neu hir",
        "Rhowch pwy sy’n berchen ar y cam gweithredu hwn",
    )
    added = client.post(
        f"/cy/plans/{plan.pk}/actions/add/",
        {"version": plan.version, "description": "Train more", "horizon": "short", "owner": "HR"},
        follow=True,
    )
    assert "Ychwanegwyd y cam gweithredu" in is_welsh(added, "added", status=200).get_text()


def test_changing_an_action_is_in_welsh(work):
    client = signed_in(work["liaison"])
    plan, action = work["plan"], work["action"]
    path = f"/cy/plans/{plan.pk}/actions/{action.pk}/"
    is_welsh(client.get(path), "change action")
    fields = {
        "version": plan.version,
        "description": action.description,
        "horizon": action.horizon,
        "owner": action.owner,
        "status": "in_progress",
        "target_date_0": "30",
        "target_date_1": "6",
        "target_date_2": "2019",
    }
    page = is_welsh(client.post(path, fields), "change action refused", status=400)
    # The service's rule, said on the form: a new target date needs its reason.
    assert_welsh_errors(page, "Rhowch y rheswm dros newid y dyddiad targed")
    moved = client.post(
        path, {**fields, "status": "in_progress", "slip_reason": "Slower hiring"}, follow=True
    )
    page = is_welsh(moved, "moved")
    assert "Cadwyd y cam gweithredu" in page.get_text()
    assert "Newidiadau i’r dyddiad" in page.get_text()


def test_a_done_action_needs_its_date_in_welsh(work):
    client = signed_in(work["liaison"])
    plan, action = work["plan"], work["action"]
    path = f"/cy/plans/{plan.pk}/actions/{action.pk}/"
    fields = {
        "version": plan.version,
        "description": action.description,
        "horizon": action.horizon,
        "owner": action.owner,
        "status": "done",
        "target_date_0": "31",
        "target_date_1": "3",
        "target_date_2": "2019",
    }
    page = is_welsh(client.post(path, fields), "done without a date", status=400)
    assert_welsh_errors(page, "Rhowch y dyddiad y cwblhawyd y cam gweithredu")


# --- Evidence --------------------------------------------------------------------------


def test_attaching_evidence_is_in_welsh(work):
    client = signed_in(work["liaison"])
    plan = work["plan"]
    path = f"/cy/plans/{plan.pk}/evidence/add/"
    is_welsh(client.get(path), "attach")
    page = is_welsh(client.post(path, {"title": ""}), "attach refused", status=400)
    assert_welsh_errors(page, "Rhowch deitl i’r dystiolaeth", "Dewiswch ffeil")
    page = is_welsh(
        client.post(path, {"title": "Notes", "file": pdf("notes.txt")}), "wrong name", status=400
    )
    assert_welsh_errors(
        page,
        "Nid yw enw’r ffeil a ddewiswyd yn cyfateb i’w chynnwys: ffeil PDF yw hi, felly dylai "
        "ei henw orffen â .pdf.",
    )
    attached = client.post(path, {"title": "Notes", "file": pdf()}, follow=True)
    assert "Atodwyd y dystiolaeth" in is_welsh(attached, "attached").get_text()


def test_withdrawing_evidence_is_in_welsh(work):
    client = signed_in(work["liaison"])
    evidence = work["evidence"]
    path = f"/cy/evidence/{evidence.pk}/withdraw/"
    is_welsh(client.get(path), "withdraw")
    page = is_welsh(client.post(path, {"reason": ""}), "withdraw refused", status=400)
    assert_welsh_errors(page, "Rhowch y rheswm")
    withdrawn = client.post(path, {"reason": "Superseded"}, follow=True)
    page = is_welsh(withdrawn, "withdrawn")
    assert "Tynnwyd y dystiolaeth yn ôl" in page.get_text()
    again = client.post(path, {"reason": "Again"})
    page = is_welsh(again, "withdrawn again", status=409)
    assert "Mae’r dystiolaeth hon eisoes wedi’i thynnu’n ôl" in page.get_text()


def test_a_missing_evidence_file_is_said_in_welsh(work):
    client = signed_in(work["liaison"])
    evidence = work["evidence"]
    Evidence.objects.get(pk=evidence.pk).file.delete(save=False)
    is_welsh(client.get(f"/cy/evidence/{evidence.pk}/"), "missing file", status=404)


# --- Submissions -----------------------------------------------------------------------


def test_submitting_is_in_welsh(work, inspector):
    client = signed_in(work["liaison"])
    plan, submission = work["plan"], work["submission"]
    path = f"/cy/plans/{plan.pk}/submit/"
    is_welsh(client.get(path), "submit")
    page = is_welsh(client.post(path, {"version": plan.version}), "submit refused", status=400)
    assert_welsh_errors(page, "Rhowch beth rydych chi’n ei gyflwyno")
    # One awaits assessment already: the service's refusal, in Welsh.
    page = is_welsh(
        client.post(path, {"version": plan.version, "summary": "More"}), "awaiting", status=409
    )
    assert "Mae gan y cynllun hwn gyflwyniad sy’n aros am asesiad eisoes" in page.get_text()
    # Returned by an inspector, it may be sent again.
    from plans.services import return_submission

    return_submission(submission=submission, by=inspector, reason="Needs more detail")
    plan.refresh_from_db()
    sent = client.post(path, {"version": plan.version, "summary": "More"}, follow=True)
    assert "Cyflwynwyd i’w asesu" in is_welsh(sent, "submitted").get_text()


def test_the_submission_page_is_in_welsh(work, inspector):
    client = signed_in(work["liaison"])
    submission = work["submission"]
    is_welsh(client.get(f"/cy/assessments/{submission.pk}/"), "submission awaiting")
    from plans.services import accept_submission

    accept_submission(
        submission=submission,
        by=inspector,
        milestone=submission.milestone,
        status="met",
        effective_on=datetime.date(2018, 9, 20),
        note="Plan seen",
    )
    names_too = (*names(), "Plan seen")
    response = client.get(f"/cy/assessments/{submission.pk}/")
    assert response.status_code == 200
    assert english_left(response.content, allowed=names_too) == []
    response = client.get(f"/cy/plans/{work['plan'].pk}/")
    assert english_left(response.content, allowed=names_too) == []


# --- Passwords -------------------------------------------------------------------------


def test_changing_a_password_is_in_welsh(liaison_durham):
    client = signed_in(liaison_durham)
    is_welsh(client.get("/cy/account/password/"), "change password")
    page = is_welsh(client.post("/cy/account/password/", {}), "refused", status=200)
    summary, fields = errors_of(page)
    assert summary and fields
    is_welsh(client.get("/cy/account/password/done/"), "changed")


def test_resetting_a_password_is_in_welsh(liaison_durham):
    client = Client()
    is_welsh(client.get("/cy/account/password/reset/"), "reset")
    page = is_welsh(client.post("/cy/account/password/reset/", {}), "reset refused")
    assert_welsh_errors(page, "Rhowch eich cyfeiriad e-bost")
    page = is_welsh(client.post("/cy/account/password/reset/", {"email": "nobody"}), "bad address")
    assert_welsh_errors(page, "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.com")
    with TestCase.captureOnCommitCallbacks(execute=True):  # sent once the request commits
        sent = client.post(
            "/cy/account/password/reset/",
            {"email": "liaison-durham@example.police.uk"},
            follow=True,
        )
    is_welsh(sent, "sent")
    is_welsh(client.get("/cy/account/password/reset/done/"), "reset done")
    is_welsh(client.get("/cy/account/password/reset/bad/link/"), "bad link")
    link = re.search(r"/account/password/reset/[^/\s]+/[^/\s]+/", str(mail.outbox[0].body)).group()
    chooser = client.get(f"/cy{link}", follow=True)
    is_welsh(chooser, "choose")
    page = is_welsh(
        client.post(chooser.redirect_chain[-1][0], {"new_password1": "", "new_password2": ""}),
        "choose refused",
    )
    summary, fields = errors_of(page)
    assert summary and fields


def test_a_bad_target_date_is_refused_in_welsh(work):
    client = signed_in(work["liaison"])
    plan = work["plan"]
    fields = {
        "version": plan.version,
        "description": "Train more",
        "horizon": "short",
        "owner": "HR",
        "target_date_0": "31",
        "target_date_1": "2",
        "target_date_2": "2019",
    }
    page = is_welsh(
        client.post(f"/cy/plans/{plan.pk}/actions/add/", fields), "bad date", status=400
    )
    summary, fields_said = errors_of(page)
    assert len(summary) == len(fields_said) == 1


# --- The inspector's side of the same pages ----------------------------------------------


def test_the_assessment_pages_are_in_welsh(durham_work, inspector):
    client = signed_in(inspector)
    submission = durham_work["submission"]
    is_welsh(client.get("/cy/assessments/"), "queue")
    is_welsh(client.get(f"/cy/assessments/{submission.pk}/"), "assess")
    page = is_welsh(
        client.post(f"/cy/assessments/{submission.pk}/", {"decision": ""}),
        "no decision",
        status=400,
    )
    assert_welsh_errors(page, "Dewiswch a ydych am dderbyn neu ddychwelyd y cyflwyniad")
    returned = client.post(
        f"/cy/assessments/{submission.pk}/",
        {"decision": "return", "reason": "Needs more detail"},
        follow=True,
    )
    assert "Dychwelwyd y cyflwyniad i’r heddlu" in is_welsh(returned, "returned").get_text()
    again = client.post(f"/cy/assessments/{submission.pk}/", {"decision": "return", "reason": "x"})
    page = is_welsh(again, "decided already", status=409)
    assert "eisoes wedi penderfynu ar y cyflwyniad hwn" in page.get_text()
    is_welsh(client.get("/cy/assessments/"), "empty queue")


def test_the_opening_day_and_an_overlong_address_are_said_in_welsh(
    settings, durham_work, liaison_durham
):
    client = signed_in(liaison_durham)
    settings.PEELTRACK_PAGES_OPEN_ON = datetime.date(2018, 10, 1)
    page = is_welsh(client.get("/cy/forces/durham/"), "opening day")
    assert "Dangosir fel ar 1 Hydref 2018" in page.select_one("#opening-day").get_text()
    long = client.get("/cy/forces/durham/", {"q": "x" * settings.PEELTRACK_MAX_ADDRESS_LENGTH})
    assert long.status_code == 414
    assert "Mae’r cyfeiriad yn" in long.content.decode()
