"""As known on a day: a report produced then is produced again, identically, later."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from forces.models import Force
from recommendations.models import Milestone, ProgressRecord
from recommendations.services import change_due_date, change_scope, correct_grade, record_progress
from tests.conftest import api_for, area_2017

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat
LONDON = zoneinfo.ZoneInfo("Europe/London")
SENT = datetime.datetime(2018, 10, 1, 16, 30, tzinfo=LONDON)  # the report went out that day
LATER = datetime.datetime(2018, 11, 20, 10, 0, tzinfo=LONDON)


def outputs(client, api, **query):
    """The overdue report as every door gives it: command, web CSV, API, dashboard."""
    args = ["--as-of", query["as_of"]]
    if "known_on" in query:
        args += ["--known-on", query["known_on"]]
    command = io.StringIO()
    call_command("overdue_report", *args, stdout=command)
    csv = client.get("/reports/overdue/", {**query, "format": "csv"}).content.decode()
    # The API's default is every report; the pages' (and the command's), the newest open.
    rows = api.get("/api/v1/overdue/", {"report": "peel-effectiveness-2017", **query}).json()
    page = client.get("/", query)
    matrix = [
        (force.slug, [cell.category if cell else None for cell, _tag in cells])
        for force, _linked, cells in page.context["page"].rows
    ]
    return command.getvalue(), csv, rows, matrix


def test_a_report_sent_on_a_day_is_reproduced_after_corrections(inspector, manager, durham, kent):
    r2 = Milestone.objects.get(code="R2-plan")
    r4 = Milestone.objects.get(code="R4-review")
    with time_machine.travel(SENT - datetime.timedelta(days=5), tick=False):
        wrong = record_progress(
            milestone=r4,
            force=durham,
            status="met",
            effective_on=D("2018-09-20"),
            note="Bail review seen",
            by=inspector,
        )
        record_progress(
            milestone=r2,
            force=kent,
            status="in_progress",
            effective_on=D("2018-08-01"),
            note="",
            by=inspector,
        )
    client, api = Client(), api_for(manager)
    with time_machine.travel(SENT, tick=False):
        client.force_login(manager)
        sent = outputs(client, api, as_of="2018-10-01")

    with time_machine.travel(LATER, tick=False):
        # Everything that could change the answer for 1 October changes.
        record_progress(
            milestone=r4,
            force=durham,
            status="in_progress",
            effective_on=D("2018-09-20"),
            note="The review was not finished",
            corrects=wrong,
            by=inspector,
        )
        record_progress(
            milestone=r2,
            force=kent,
            status="met",
            effective_on=D("2018-09-25"),
            note="Plan found in the post",
            by=inspector,
        )
        change_scope(
            milestone=r2,
            force=Force.objects.get(slug="lancashire"),
            in_scope=False,
            effective_on=D("2018-06-01"),
            reason="No shortage",
            by=inspector,
        )
        change_due_date(milestone=r4, due_on=D("2018-12-31"), reason="Extended", by=inspector)
        correct_grade(
            force=durham,
            area=area_2017("vulnerability"),
            grade="inadequate",
            reason="Annex B misread",
            by=inspector,
        )
        client.force_login(manager)
        now = outputs(client, api, as_of="2018-10-01")
        assert now != sent  # the record has moved on
        again = outputs(client, api, as_of="2018-10-01", known_on="2018-10-01")
        assert again[0] == sent[0]  # command
        assert again[1] == sent[1]  # web CSV
        assert again[2] == sent[2]  # API
        assert again[3] == sent[3]  # the dashboard's matrix
        assert ProgressRecord.objects.exclude(source="report").count() == 4


def test_knowledge_ends_with_the_uk_day(inspector, durham):
    r4 = Milestone.objects.get(code="R4-review")
    late_evening = datetime.datetime(2018, 10, 1, 23, 30, tzinfo=LONDON)  # 22:30 UTC
    with time_machine.travel(late_evening, tick=False):
        record_progress(
            milestone=r4,
            force=durham,
            status="met",
            effective_on=D("2018-09-20"),
            note="Seen",
            by=inspector,
        )
    from recommendations import progress

    def status(known_on):
        (s,) = progress.standings(
            D("2018-10-01"), milestones=[r4], forces=[durham], known_on=D(known_on)
        )
        return s.status

    assert status("2018-10-01") == "met"
    assert status("2018-09-30") == "not_started"


def test_pages_say_plainly_when_they_show_an_earlier_state_of_knowledge(signed_in):
    for url in [
        "/",
        "/reports/overdue/",
        "/forces/durham/",
        "/reports/peel-effectiveness-2017/recommendation-2/",
    ]:
        html = signed_in.get(
            url, {"as_of": "2018-10-01", "known_on": "2018-10-05"}
        ).content.decode()
        assert "as it stood at the end of 5 October 2018" in html, url
        assert "Show the record as it stands now" in html, url
        plain = signed_in.get(url, {"as_of": "2018-10-01"}).content.decode()
        assert "as it stood at the end of" not in plain, url
