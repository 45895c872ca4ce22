"""A liaison sees nothing of another force's work, through any page or API endpoint.

Both lists are built from the URL configuration itself, so a new page or endpoint that
is not listed here fails the test until someone says what it shows.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from notices.services import renew_calendar_key
from peeltrack.urls import router
from recommendations.models import Milestone, ScopeChange
from recommendations.services import change_scope, record_progress
from tests.conftest import api_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def kents_work(kent_work, kent, inspector, durham_work):
    """Kent's work of every kind, and a little of Durham's."""
    milestone = Milestone.objects.get(code="R2-plan")
    change = change_scope(
        milestone=milestone,
        force=kent,
        in_scope=False,
        effective_on=datetime.date(2018, 9, 30),
        reason="Kent's confidential workforce figures",
        by=inspector,
    )
    record = record_progress(
        milestone=Milestone.objects.get(code="R4-review"),
        force=kent,
        status="in_progress",
        effective_on=milestone.due_on,
        note="Kent's note",
        by=inspector,
    )
    from policing_bodies.services import record_response, set_publication_day
    from recommendations.models import Report

    report = Report.objects.get(slug="peel-effectiveness-2017")
    set_publication_day(
        report=report,
        published_on=datetime.date(2018, 3, 22),
        reason="The inspectorate's page",
        by=inspector,
    )
    response = record_response(
        report=report,
        force=kent,
        published_on=datetime.date(2018, 5, 1),
        url="https://www.kent-pcc.gov.uk/response.pdf",
        answers_every_recommendation=True,
        note="Kent's confidential remark",
        by=inspector,
    )
    return {
        **kent_work,
        "scope_change": change,
        "progress_record": record,
        "response": response,
    }


def page_routes(patterns=None, prefix=""):
    """(namespaced name, parameter names) of every page in the apps' URL configuration."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace or ""
            if namespace in {"admin", "api"} or str(pattern.pattern).startswith("api/"):
                continue
            yield from page_routes(pattern.url_patterns, f"{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, sorted(pattern.pattern.converters)


# Every page, filled in with Kent's objects, and what Durham's liaison gets.
def kent_pages(work, key):
    plan, action = work["plan"], work["action"]
    evidence, submission = work["evidence"], work["submission"]
    return {
        "plans:force": ("/forces/kent/", 404),
        "plans:start_plan": ("/forces/kent/plans/start/", 405),  # POST only
        "plans:plan": (f"/plans/{plan.pk}/", 404),
        "plans:plan_summary": (f"/plans/{plan.pk}/summary/", 405),
        "plans:action_add": (f"/plans/{plan.pk}/actions/add/", 404),
        "plans:action_edit": (f"/plans/{plan.pk}/actions/{action.pk}/", 404),
        "plans:evidence_add": (f"/plans/{plan.pk}/evidence/add/", 404),
        "plans:plan_submit": (f"/plans/{plan.pk}/submit/", 404),
        "plans:evidence": (f"/evidence/{evidence.pk}/", 404),
        "plans:evidence_withdraw": (f"/evidence/{evidence.pk}/withdraw/", 404),
        "plans:submission": (f"/assessments/{submission.pk}/", 404),
        "plans:queue": ("/assessments/", 403),
        "plans:mine": ("/forces/mine/", 302),  # to Durham's own page
        "recommendations:scope": ("/forces/kent/scope/", 403),
        "recommendations:milestone_history": ("/forces/kent/history/R4-review/", 404),
        "recommendations:record": (f"/progress/record/?corrects={work['progress_record'].pk}", 403),
        "audit:activity": ("/reports/activity/", 403),
        "audit:history_csv": ("/forces/kent/change-history.csv", 404),
        # Shared pages: every force's status, never another force's work or notes.
        "recommendations:dashboard": ("/", 200),
        "recommendations:overdue": ("/reports/overdue/", 200),
        "recommendations:detail": ("/recommendations/peel-effectiveness-2017/2/", 301),
        "recommendations:item": ("/reports/peel-effectiveness-2017/recommendation-2/", 200),
        "recommendations:reports": ("/reports/", 200),
        "recommendations:report": ("/reports/peel-effectiveness-2017/", 200),
        "recommendations:national_picture": ("/reports/by-force/", 200),
        "recommendations:repeated": ("/repeated-recommendations/?force=kent", 200),
        "recommendations:load": ("/reports/load/", 403),  # inspectors only
        "forces:list": ("/forces/", 200),
        "login": ("/sign-in/", 302),
        "logout": ("/sign-out/", 405),
        "password_change": ("/account/password/", 200),
        "password_change_done": ("/account/password/done/", 200),
        "stay_signed_in": ("/account/stay-signed-in/", 405),  # POST only
        # Asked only of a Welsh force's liaison who has never chosen: Durham's goes on.
        "choose_language": ("/account/language/", 302),
        "password_reset": ("/account/password/reset/", 200),
        "password_reset_done": ("/account/password/reset/sent/", 200),
        # A bad link is a page saying so.
        "password_reset_confirm": ("/account/password/reset/MQ/bad-token/", 200),
        "password_reset_complete": ("/account/password/reset/done/", 200),
        # One's own email and calendar settings; calendar feeds answer only to their secret,
        # and another force's feed is missing (see tests/notices/test_calendar_feeds.py).
        "notices:preferences": ("/account/email-and-calendars/", 200),
        "notices:renew_calendars": ("/account/email-and-calendars/calendars/renew/", 405),
        "notices:stop_calendars": ("/account/email-and-calendars/calendars/stop/", 405),
        "notices:milestones_feed": (f"/calendars/{key.pk}/{key.secret}/milestones.ics", 200),
        "notices:force_feed": (f"/calendars/{key.pk}/{key.secret}/forces/kent.ics", 404),
        # Publishing is an inspector's; the public pages are anyone's, and show only what
        # was published (nothing yet, so no data files: tests/publishing holds every private
        # field back).
        "publishing": ("/publications/", 403),
        # Responses: a liaison's list holds only their own force; another's is not found.
        "responses:index": ("/responses/", 200),
        "responses:obligation": ("/responses/peel-effectiveness-2017/kent/", 404),
        "public:responses": ("/public/responses/", 200),
        "public:responses_csv": ("/public/responses/data.csv", 404),
        "public:responses_json": ("/public/responses/data.json", 404),
        "public:index": ("/public/", 200),
        "public:reports": ("/public/reports/", 200),
        "public:reports_csv": ("/public/reports/data.csv", 404),
        "public:reports_json": ("/public/reports/data.json", 404),
        "public:report": ("/public/reports/peel-effectiveness-2017/", 200),
        "public:report_csv": ("/public/reports/peel-effectiveness-2017/data.csv", 404),
        "public:report_json": ("/public/reports/peel-effectiveness-2017/data.json", 404),
        "public:publications": ("/public/publications/", 200),
        "public:items": ("/public/items/", 200),
        "public:items_csv": ("/public/items/data.csv", 404),
        "public:items_json": ("/public/items/data.json", 404),
        "public:forces": ("/public/forces/", 200),
        "public:forces_csv": ("/public/forces/data.csv", 404),
        "public:forces_json": ("/public/forces/data.json", 404),
        "public:force": ("/public/forces/kent/", 200),
        "public:force_csv": ("/public/forces/kent/data.csv", 404),
        "public:force_json": ("/public/forces/kent/data.json", 404),
        "public:repeated": ("/public/repeated/", 200),
        "public:repeated_csv": ("/public/repeated/data.csv", 404),
        "public:repeated_json": ("/public/repeated/data.json", 404),
        "public:data": ("/public/data/", 200),
        "public:everything": ("/public/data/everything.json", 404),
        "public:deadlines": ("/public/deadlines.ics", 404),
        "public:accessibility": ("/public/accessibility/", 200),
        "public:privacy": ("/public/privacy/", 200),
        # Health, for load balancers: no sign-in, nothing of anyone's work.
        "healthz": ("/healthz", 200),
        "readyz": ("/readyz", 200),
        # The API's public description.
        "api-schema": ("/api/schema/", 200),
        "api-docs": ("/api/docs/", 200),
    }


SECRETS = ["Kent's confidential", "Kent's note", "Our plan", "Workforce plan", "Recruit and"]


def test_every_page_is_listed_and_shows_nothing_of_another_forces_work(kents_work, liaison_durham):
    key = renew_calendar_key(user=liaison_durham, by=liaison_durham)
    pages = kent_pages(kents_work, key)
    assert {name for name, _params in page_routes()} == set(pages)
    client = Client()
    client.force_login(liaison_durham)
    for name, (url, expected) in pages.items():
        response = client.get(url)
        assert response.status_code == expected, name
        if expected == 200:
            html = response.content.decode()
            leaked = [s for s in SECRETS if s in html]
            assert not leaked, (name, leaked)
            assert 'href="/forces/kent/' not in html, name


FORCE_OWNED = {
    # basename: the key of Kent's object of that type
    "scope-change": "scope_change",
    "progress-record": "progress_record",
    "action-plan": "plan",
    "action": "action",
    "evidence": "evidence",
    "submission": "submission",
    "history": None,
    "response": "response",
}
SHARED = {
    "force",
    "national-body",
    "inspection",
    "report",
    "recommendation",
    "milestone",
    # The days reports were published: reference data, the same for every force.
    "publication-day",
}


def test_every_api_list_and_detail_shows_nothing_of_another_forces_work(
    kents_work, liaison_durham, kent
):
    basenames = {basename for _prefix, _viewset, basename in router.registry}
    assert basenames == set(FORCE_OWNED) | SHARED
    api = api_for(liaison_durham)
    for prefix, _viewset, basename in router.registry:
        if basename in SHARED:
            continue
        listed = api.get(f"/api/v1/{prefix}/", {"page_size": 500})
        assert listed.status_code == 200, basename
        body = listed.content.decode()
        assert '"kent"' not in body and "Kent's" not in body, basename
        key = FORCE_OWNED[basename]
        if key:
            detail = api.get(f"/api/v1/{prefix}/{kents_work[key].pk}/")
            assert detail.status_code == 404, basename
    for url in ["/api/v1/standings/", "/api/v1/overdue/"]:
        # Statuses of every force are shared; notes and reasons never are.
        body = api.get(url).content.decode()
        assert "Kent's" not in body, url
    assert api.get("/api/v1/activity/").status_code == 403
    assert api.get(f"/api/v1/evidence/{kents_work['evidence'].pk}/file/").status_code == 404
    assert ScopeChange.objects.filter(force=kent).exists()
