"""The role pages run the same number of queries however much work a force has."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plans.services import (
    accept_submission,
    add_action,
    attach_evidence,
    change_action,
    submit_for_assessment,
)
from recommendations import catalogue
from tests.conftest import build_plan, pdf

pytestmark = pytest.mark.django_db


def grow(work, liaison, inspector, n):
    """n more actions (each slipped once), files and assessed submissions."""
    plan = work["plan"]
    for i in range(n):
        plan.refresh_from_db()
        action = add_action(
            plan=plan,
            expected_version=plan.version,
            description=f"Action {i}",
            horizon="short",
            owner="o",
            target_date=datetime.date(2019, 1, 1),
            by=liaison,
        )
        change_action(
            action=action,
            expected_version=plan.version,
            description=f"Action {i}",
            horizon="short",
            owner="o",
            status="in_progress",
            completed_on=None,
            target_date=datetime.date(2019, 2, 1),
            slip_reason="later",
            by=liaison,
        )
        evidence = attach_evidence(plan=plan, upload=pdf(), title=f"File {i}", by=liaison)
        submission = plan.submissions.filter(state="awaiting").first()
        if submission:
            accept_submission(
                submission=submission,
                by=inspector,
                milestone=None,
                status=None,
                effective_on=None,
                note="ok",
            )
        plan.refresh_from_db()
        submit_for_assessment(
            plan=plan,
            expected_version=plan.version,
            summary=f"Update {i}",
            milestone=None,
            evidence=[evidence],
            by=liaison,
        )


def queries(client, url):
    cache.clear()  # the work itself, not a cached copy of it
    catalogue.current()  # with reference data held, as between changes to it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "role, url",
    [
        ("liaison", "/plans/{plan}/"),
        ("liaison", "/forces/durham/"),
        ("inspector", "/forces/durham/"),
        ("inspector", "/assessments/"),
        ("inspector", "/assessments/{submission}/"),
        ("manager", "/reports/activity/"),
        ("manager", "/plans/{plan}/"),
        ("liaison", "/"),
        ("manager", "/"),
        ("manager", "/reports/overdue/"),
        ("manager", "/reports/peel-effectiveness-2017/recommendation-2/"),
        ("inspector", "/forces/durham/history/R2-plan/"),
        ("manager", "/forces/"),
        ("liaison", "/account/email-and-calendars/"),
        ("manager", "/account/email-and-calendars/"),
    ],
)
def test_page_queries_do_not_grow_with_the_work(
    role, url, durham, kent, liaison_durham, liaison_kent, inspector, manager
):
    users = {"liaison": liaison_durham, "inspector": inspector, "manager": manager}
    work = build_plan(durham, liaison_durham)
    build_plan(kent, liaison_kent)
    client = Client()
    client.force_login(users[role])

    def count():
        submission = work["plan"].submissions.filter(state="awaiting").first()
        return queries(client, url.format(plan=work["plan"].pk, submission=submission.pk))

    grow(work, liaison_durham, inspector, 1)
    few = count()
    grow(work, liaison_durham, inspector, 4)
    assert count() == few
    # Reading every report's milestones (with their reports, prefetched), grades by
    # inspection area, and (for a page that names no report) a run of the rule to choose
    # the newest one with open milestones.
    assert few <= 28


def test_calendar_feeds_run_the_same_number_of_queries_however_much_history_there_is(
    durham, liaison_durham, inspector, record
):
    from notices.services import renew_calendar_key

    key = renew_calendar_key(user=liaison_durham, by=liaison_durham)
    work = build_plan(durham, liaison_durham)
    client = Client()  # a calendar program: no session
    urls = [
        f"/calendars/{key.pk}/{key.secret}/milestones.ics",
        f"/calendars/{key.pk}/{key.secret}/forces/durham.ics",
    ]
    few = [queries(client, url) for url in urls]
    grow(work, liaison_durham, inspector, 3)
    for n in range(10):
        record(durham, "R2-plan", "in_progress", f"2018-08-{n + 1:02d}")
    assert [queries(client, url) for url in urls] == few
    assert max(few) <= 10
