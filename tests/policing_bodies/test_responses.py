"""The local policing bodies' 56-day responses: the arithmetic, the day of publication an
inspector sets, recording responses at every door, the staff and public pages, and the
reminders and digest."""

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import DatabaseError, transaction
from django.utils import timezone

from audit.models import HistoryEntry
from core.refusals import Refused
from forces.models import Force
from notices import schedule
from notices.models import Message
from policing_bodies import obligations, reference
from policing_bodies.models import LocalPolicingBody, PublicationDay, Response
from policing_bodies.services import record_response, set_publication_day
from publishing.services import publish
from recommendations.models import Report

pytestmark = pytest.mark.django_db
R2017 = "peel-effectiveness-2017"
D = datetime.date
MARCH_22 = D(2018, 3, 22)


@pytest.fixture
def report():
    return Report.objects.get(slug=R2017)


def the_day(report, inspector, day=MARCH_22):
    return set_publication_day(
        report=report, published_on=day, reason="The inspectorate's page for it", by=inspector
    )


def responded(report, force, by, day, *, answered=True, note=""):
    return record_response(
        report=report,
        force=force,
        published_on=day,
        url=f"https://www.example.gov.uk/{force.slug}/response.pdf",
        answers_every_recommendation=answered,
        note=note,
        by=by,
    )


def one(force_slug, as_of, **options):
    rows = obligations.obligations(as_of, **options)
    return next(o for o in rows if o.force.slug == force_slug)


@pytest.mark.parametrize(
    ("published", "due"),
    [
        (D(2019, 4, 1), D(2019, 5, 26)),  # the 1st: 1 April is day 1, 26 May day 56
        (D(2020, 2, 29), D(2020, 4, 24)),  # 29 February of a leap year
        (D(2019, 1, 31), D(2019, 3, 27)),  # the last day of a month
        (D(2018, 12, 31), D(2019, 2, 24)),  # the last day of a year
        (D(2018, 3, 22), D(2018, 5, 16)),
    ],
)
def test_the_56_days_begin_with_the_day_of_publication(published, due):
    assert obligations.due_on(published) == due
    assert (due - published).days + 1 == 56


def test_the_reference_file_gives_every_force_its_bodies_with_sources():
    rows = reference.read(force_slugs=set(Force.objects.values_list("slug", flat=True)))
    assert {r["force"] for r in rows} == set(Force.objects.values_list("slug", flat=True))
    assert all(r["source_url"].startswith("http") and r["source_title"] for r in rows)
    assert LocalPolicingBody.objects.count() == len(rows) == 53
    assert LocalPolicingBody.objects.get(force__slug="metropolitan").kind == "mopac"
    assert LocalPolicingBody.objects.get(force__slug="city-of-london").since is None


def test_a_broken_reference_file_is_refused_whole_naming_each_problem(tmp_path):
    broken = tmp_path / "bodies.yaml"
    broken.write_text(
        "sources: [{id: s, title: T, url: 'https://x.example'}]\n"
        "bodies:\n"
        "  - {force: durham, kind: pcc, name: A, from: 2012-11-22, until: null, source: s}\n"
        "  - {force: nowhere, kind: sheriff, name: B, from: 2012-11-22, until: 2012-01-01,"
        " source: t}\n",
        encoding="utf-8",
    )
    with pytest.raises(reference.BadReference) as refused:
        reference.read(broken, force_slugs={"durham", "kent"})
    message = str(refused.value)
    for problem in ("'nowhere'", "kind must be", "no source of the file: t", "later than from"):
        assert problem in message
    assert "for the force kent" in message


def test_where_the_sources_leave_the_day_open_the_body_is_unknown():
    hampshire = list(LocalPolicingBody.objects.filter(force__slug="hampshire").order_by("id"))
    first, renamed = hampshire
    assert first.may_hold_on(D(2022, 7, 11)) and not renamed.may_hold_on(D(2022, 7, 11))
    assert first.may_hold_on(D(2022, 9, 1)) and renamed.may_hold_on(D(2022, 9, 1))
    assert renamed.may_hold_on(D(2022, 11, 16)) and not first.may_hold_on(D(2022, 11, 16))


def test_until_the_day_is_set_the_deadline_is_unknown_never_guessed(report):
    rows = obligations.obligations(D(2019, 6, 1))
    assert len(rows) == 43 and {o.status for o in rows} == {"unknown"}
    assert all(o.due_on is None for o in rows)
    durham = one("durham", D(2019, 6, 1))
    # March 2018: one commissioner held the role throughout, so the body is known.
    assert durham.body_name == "Police and Crime Commissioner for Durham"


def test_the_status_on_the_last_day_and_the_day_after(report, inspector, liaison_durham):
    the_day(report, inspector)  # 22 March 2018: due by 16 May 2018
    assert one("durham", D(2018, 5, 16)).status == "due"
    assert one("durham", D(2018, 5, 16)).days_until_due == 0
    late = one("durham", D(2018, 5, 17))
    assert (late.status, late.days_overdue) == ("overdue", 1)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 16))
    assert one("durham", D(2018, 6, 1)).status == "met"
    responded(report, Force.objects.get(slug="durham"), inspector, D(2018, 5, 17), note="Wrong day")
    corrected = one("durham", D(2018, 6, 1))
    assert (corrected.status, corrected.days_late) == ("met_late", 1)
    assert Response.objects.filter(force__slug="durham").count() == 2  # both kept


@pytest.mark.parametrize(
    ("day", "due"), [(D(2018, 3, 1), D(2018, 4, 25)), (D(2018, 3, 31), D(2018, 5, 25))]
)
def test_a_report_published_on_the_first_or_the_last_of_its_month(report, inspector, day, due):
    the_day(report, inspector, day)
    assert one("kent", D(2018, 4, 1)).due_on == due


def test_the_day_of_publication_is_a_reasoned_inspectors_change(
    report, inspector, manager, liaison_durham
):
    for person in (manager, liaison_durham):
        with pytest.raises(Refused) as refused:
            the_day(report, person)
        assert refused.value.status == 403
    with pytest.raises(Refused, match="choose a day from 1 Mar 2018 to 31 Mar 2018"):
        the_day(report, inspector, D(2018, 4, 2))
    with pytest.raises(Refused, match="reason"):
        set_publication_day(report=report, published_on=D(2018, 3, 22), reason=" ", by=inspector)
    the_day(report, inspector)
    with pytest.raises(Refused, match="already recorded"):
        the_day(report, inspector)
    the_day(report, inspector, D(2018, 3, 23))
    assert [p.published_on for p in PublicationDay.objects.order_by("id")] == [
        D(2018, 3, 22),
        D(2018, 3, 23),
    ]
    assert one("kent", D(2018, 4, 1)).report_published_on == D(2018, 3, 23)
    assert HistoryEntry.objects.filter(subject="publication_day").count() == 2


def test_recording_a_response_checks_who_and_what(report, inspector, manager, liaison_durham):
    kent, durham = Force.objects.get(slug="kent"), Force.objects.get(slug="durham")
    for person, force in ((manager, durham), (liaison_durham, kent)):
        with pytest.raises(Refused) as refused:
            responded(report, force, person, D(2018, 5, 1))
        assert refused.value.status == 403
    with pytest.raises(Refused) as refused:
        record_response(
            report=report,
            force=durham,
            published_on=D(2018, 5, 1),
            url="javascript:alert(1)",
            answers_every_recommendation=True,
            by=liaison_durham,
        )
    assert refused.value.field == "url"
    with pytest.raises(Refused, match="cannot come before the report"):
        responded(report, durham, liaison_durham, D(2018, 2, 1))
    with pytest.raises(Refused) as refused:
        responded(report, durham, liaison_durham, timezone.localdate() + datetime.timedelta(1))
    assert refused.value.field == "published_on"
    responded(report, durham, liaison_durham, D(2018, 5, 1))
    with pytest.raises(Refused, match="say in the note"):
        responded(report, durham, inspector, D(2018, 5, 2))
    assert Response.objects.count() == 1
    assert HistoryEntry.objects.filter(subject="response").count() == 1


def test_responses_are_append_only_in_the_database(report, liaison_durham):
    response = responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 1))
    for attempt in (
        lambda: Response.objects.filter(pk=response.pk).update(published_on=D(2018, 4, 1)),
        lambda: Response.objects.filter(pk=response.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()


def test_the_staff_pages(client, report, inspector, liaison_durham):
    client.force_login(inspector)
    page = client.get("/responses/")
    assert page.status_code == 200
    assert len(BeautifulSoup(page.content, "html.parser").select("#responses tbody tr")) == 43
    assert "the day is not known" in page.content.decode()
    refused = client.post(
        "/responses/",
        {"published_on_0": "2", "published_on_1": "4", "published_on_2": "2018", "reason": "Page"},
    )
    assert refused.status_code == 400 and "choose a day from" in refused.content.decode()
    made = client.post(
        "/responses/",
        {
            "published_on_0": "22",
            "published_on_1": "3",
            "published_on_2": "2018",
            "reason": "The inspectorate's page",
        },
    )
    assert made.status_code == 302
    assert "16 May 2018" in client.get("/responses/").content.decode()

    client.force_login(liaison_durham)
    mine = BeautifulSoup(client.get("/responses/").content, "html.parser")
    assert [r.th.get_text(strip=True) for r in mine.select("#responses tbody tr")] == ["Durham"]
    assert client.get(f"/responses/{R2017}/kent/").status_code == 404
    bad = client.post(f"/responses/{R2017}/durham/", {"url": "https://x.example/r"})
    assert bad.status_code == 400
    good = client.post(
        f"/responses/{R2017}/durham/",
        {
            "published_on_0": "1",
            "published_on_1": "5",
            "published_on_2": "2018",
            "url": "https://www.durham-pcc.gov.uk/response.pdf",
            "answers_every_recommendation": "no",
            "note": "",
        },
    )
    assert good.status_code == 302
    shown = client.get(f"/responses/{R2017}/durham/").content.decode()
    assert "Published on time" in shown and "durham-pcc.gov.uk/response.pdf" in shown


def test_the_public_page_shows_what_was_known_and_nothing_private(
    client, report, inspector, liaison_durham
):
    today = timezone.localdate()
    durham = Force.objects.get(slug="durham")
    the_day(report, inspector)
    responded(report, durham, liaison_durham, D(2018, 5, 20), answered=False, note="MARKER-NOTE")
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    with time_machine.travel(noon + datetime.timedelta(days=2), tick=False):
        publish(known_on=today + datetime.timedelta(days=1), reason="Quarterly", by=inspector)
        # Entered after the publication's day: not public until the next one.
        responded(report, Force.objects.get(slug="kent"), inspector, D(2018, 5, 1))
        page = client.get("/public/responses/")
        text = page.content.decode()
        assert page.status_code == 200 and "MARKER-NOTE" not in text
        assert "durham" not in page.cookies and not page.cookies
        rows = BeautifulSoup(page.content, "html.parser").select("#responses tbody tr")
        assert len(rows) == 43
        by_force = {r["data-force"]: r.get_text(" ", strip=True) for r in rows}
        assert "Published late" in by_force["durham"] and "4 days late" in by_force["durham"]
        assert "Overdue" in by_force["kent"]
        data = client.get("/public/responses/data.csv?status=met_late").content.decode()
        table = list(csv.DictReader(io.StringIO(data)))
        assert [(r["force"], r["due_date"], r["answers_every_recommendation"]) for r in table] == [
            ("durham", "2018-05-16", "no")
        ]
        assert "MARKER-NOTE" not in client.get("/public/data/everything.json").content.decode()
        assert client.get("/public/responses/?status=late").status_code == 400
        assert client.get("/public/responses/?report=nothing").status_code == 404
        wales = client.get("/public/responses/data.csv?country=wales").content.decode()
        assert len(list(csv.DictReader(io.StringIO(wales)))) == 4


def test_reminders_at_14_and_7_days_and_the_overdue_digest(
    report, inspector, liaison_durham, manager
):
    the_day(report, inspector)  # due by Wednesday 16 May 2018
    owed = schedule.owed_on(D(2018, 5, 2))
    mine = [o for o in owed if o.kind == Message.Kind.RESPONSE_DUE_SOON]
    occasions = {(o.recipient.username, o.occasion) for o in mine}
    assert (liaison_durham.username, f"response-due-in-14:{R2017}:durham:2018-05-16") in occasions
    assert (inspector.username, f"responses-due-in-14:{R2017}:2018-05-16") in occasions
    email = next(o for o in mine if o.recipient == liaison_durham).compose()
    assert email.subject == (
        f"Response to {report.title} is due in 14 days – Police and Crime Commissioner for Durham"
    )
    seven = {o.occasion for o in schedule.owed_on(D(2018, 5, 9)) if o.recipient == inspector}
    assert f"responses-due-in-7:{R2017}:2018-05-16" in seven
    assert not [o for o in schedule.owed_on(D(2018, 4, 1)) if o.kind == "response_due_soon"]
    digest = next(
        o for o in schedule.owed_on(D(2018, 5, 21)) if o.kind == Message.Kind.OVERDUE_DIGEST
    )
    lines = digest.compose().items
    assert any(
        line.startswith("Response overdue: Police and Crime Commissioner for Durham (Durham)")
        and "5 days overdue" in line
        for line in lines
    )


def test_the_staff_page_filters_by_country_and_status_and_downloads_its_rows(
    client, report, inspector, manager, liaison_durham
):
    the_day(report, inspector)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 20))
    responded(report, Force.objects.get(slug="gwent"), inspector, D(2018, 5, 1))
    client.force_login(manager)
    wales = BeautifulSoup(client.get("/responses/", {"country": "wales"}).content, "html.parser")
    assert [r.th.get_text(strip=True) for r in wales.select("#responses tbody tr")] == [
        "Dyfed-Powys",
        "Gwent",
        "North Wales",
        "South Wales",
    ]
    download = client.get("/responses/", {"country": "wales", "status": "met", "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [(r["force"], r["status"], r["due_date"]) for r in rows] == [
        ("gwent", "met", "2018-05-16")
    ]
    assert list(rows[0]) == list(obligations.DATA_COLUMNS)
    late = client.get("/responses/", {"status": "met_late", "format": "csv"}).content.decode()
    assert [r["force"] for r in csv.DictReader(io.StringIO(late))] == ["durham"]
    # The page's links keep the filters: the download is the rows on the page.
    page = client.get("/responses/", {"country": "wales", "status": "met"}).content.decode()
    assert "country=wales&amp;status=met&amp;format=csv" in page
    for bad in ({"status": "late"}, {"country": "scotland"}, {"format": "pdf"}):
        refused = client.get("/responses/", bad)
        assert refused.status_code == 400, bad
        assert next(iter(bad)) in refused.content.decode() and 'id="problem"' in (
            refused.content.decode()
        )
    # A liaison downloads their own force's row only.
    client.force_login(liaison_durham)
    mine = client.get("/responses/", {"format": "csv"}).content.decode()
    assert [r["force"] for r in csv.DictReader(io.StringIO(mine))] == ["durham"]


def test_the_responses_pages_queries_do_not_grow_with_the_responses(
    client, report, inspector, liaison_durham
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recommendations import catalogue

    def counts() -> list[int]:
        found = []
        for path in ("/responses/", f"/responses/{R2017}/durham/", "/responses/?format=csv"):
            cache.clear()
            catalogue.current()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            found.append(len(queries))
        return found

    client.force_login(inspector)
    the_day(report, inspector)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 1))
    few = counts()
    for force in Force.objects.exclude(slug="durham")[:15]:
        responded(report, force, inspector, D(2018, 5, 10))
    responded(
        report,
        Force.objects.get(slug="durham"),
        inspector,
        D(2018, 5, 2),
        note="The day was the 2nd",
    )
    assert counts() == few
    assert max(few) <= 20


def test_the_public_responses_pages_queries_do_not_grow_with_the_responses(
    client, report, inspector, liaison_durham
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))

    def counts(days: int) -> list[int]:
        found = []
        with time_machine.travel(noon + datetime.timedelta(days=days), tick=False):
            publish(
                known_on=today + datetime.timedelta(days=days - 1), reason="Again", by=inspector
            )
            for path in ("/public/responses/", "/public/responses/data.csv?country=wales"):
                client.get("/public/")  # the catalogue, read once after a write
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(path).status_code == 200, path
                found.append(len(queries))
        return found

    the_day(report, inspector)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 1))
    few = counts(2)
    for force in Force.objects.exclude(slug="durham")[:15]:
        responded(report, force, inspector, D(2018, 5, 10))
    assert counts(4) == few


def test_the_dashboard_says_how_the_responses_stand(client, report, inspector, liaison_durham):
    client.force_login(inspector)
    before = BeautifulSoup(client.get("/", {"report": R2017}).content, "html.parser")
    assert "deadline is not known" in before.select_one("#responses-due + p").get_text()
    assert [li["data-status"] for li in before.select("[data-responses] li")] == ["unknown"]
    the_day(report, inspector)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 20))
    page = BeautifulSoup(
        client.get("/", {"report": R2017, "as_of": "2018-06-01"}).content, "html.parser"
    )
    assert "by 16 May 2018" in page.select_one("#responses-due + p").get_text()
    shown = {
        li["data-status"]: li.get_text(strip=True) for li in page.select("[data-responses] li")
    }
    assert shown == {"overdue": "Overdue: 42", "met_late": "Published late: 1"}
    link = page.select_one("[data-responses] li[data-status='overdue'] a")
    assert link is not None and link["href"] == f"/responses/?report={R2017}&status=overdue"
    # Before the day it was due, as of 1 May, every body is not yet due.
    early = BeautifulSoup(
        client.get("/", {"report": R2017, "as_of": "2018-05-01"}).content, "html.parser"
    )
    assert [li.get_text(strip=True) for li in early.select("[data-responses] li")] == [
        "Not yet due: 43"
    ]
    # A liaison reads their own force's only.
    client.force_login(liaison_durham)
    mine = BeautifulSoup(
        client.get("/", {"report": R2017, "as_of": "2018-06-01"}).content, "html.parser"
    )
    assert [li.get_text(strip=True) for li in mine.select("[data-responses] li")] == [
        "Published late: 1"
    ]
    # A report that asks for no responses says nothing of them.
    earlier = client.get("/", {"report": "peel-effectiveness-2016"}).content.decode()
    assert 'id="responses-due"' not in earlier


def test_the_command_sets_the_day_through_the_same_rule(report, inspector, manager):
    from django.core.management import CommandError, call_command

    def run(**options):
        out = io.StringIO()
        arguments = {"report": R2017, "day": "2018-03-22", "reason": "The inspectorate's page"}
        arguments.update(options)
        call_command(
            "set_publication_day", *(f"--{k}={v}" for k, v in arguments.items()), stdout=out
        )
        return out.getvalue()

    with pytest.raises(CommandError, match="--day: .*choose a day from"):
        run(day="2018-04-02", by=inspector.username)
    with pytest.raises(CommandError, match="--day: .*YYYY-MM-DD"):
        run(day="22/03/2018", by=inspector.username)
    with pytest.raises(CommandError, match="--report: no report"):
        run(report="nothing", by=inspector.username)
    with pytest.raises(CommandError, match="--by must name"):
        run(by="nobody")
    with pytest.raises(CommandError):
        run(by=manager.username)
    with pytest.raises(CommandError, match="--reason"):
        run(reason=" ", by=inspector.username)
    assert not PublicationDay.objects.exists()
    said = run(by=inspector.username)
    assert "due by 16 May 2018" in said
    entry = PublicationDay.objects.get()
    assert entry.recorded_by == inspector and entry.published_on == MARCH_22
    assert HistoryEntry.objects.filter(subject="publication_day", subject_id=entry.pk).exists()
    with pytest.raises(CommandError, match="already recorded"):
        run(by=inspector.username)


def test_the_api_records_responses_and_days_through_the_same_rules(
    report, inspector, manager, liaison_durham, liaison_kent
):
    from tests.conftest import api_for

    body = {
        "report": R2017,
        "force": "durham",
        "published_on": "2018-05-01",
        "url": "https://www.durham-pcc.gov.uk/response.pdf",
        "answers_every_recommendation": True,
    }
    day = {"report": R2017, "published_on": "2018-03-22", "reason": "The inspectorate's page"}
    assert api_for(manager).post("/api/v1/publication-days/", day, "json").status_code == 403
    refused = api_for(inspector).post(
        "/api/v1/publication-days/", {**day, "published_on": "2018-04-02"}, "json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "published_on"
    assert "choose a day from" in refused.json()["detail"]
    made = api_for(inspector).post("/api/v1/publication-days/", day, "json")
    assert made.status_code == 201 and made.json()["recorded_by"] == inspector.username
    assert HistoryEntry.objects.filter(subject="publication_day").count() == 1

    assert api_for(manager).post("/api/v1/responses/", body, "json").status_code == 403
    kents = api_for(liaison_kent).post("/api/v1/responses/", body, "json")
    assert kents.status_code == 403 and not Response.objects.exists()
    bad = api_for(liaison_durham).post(
        "/api/v1/responses/", {**body, "url": "javascript:alert(1)"}, "json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "url"
    earlier = api_for(inspector).post(
        "/api/v1/responses/", {**body, "report": "peel-effectiveness-2016"}, "json"
    )
    assert earlier.status_code == 400 and "report" in earlier.json()
    done = api_for(liaison_durham).post("/api/v1/responses/", body, "json")
    assert done.status_code == 201, done.json()
    again = api_for(liaison_durham).post("/api/v1/responses/", body, "json")
    assert again.status_code == 400 and again.json()["field"] == "note"
    responded(report, Force.objects.get(slug="kent"), liaison_kent, D(2018, 5, 2))

    mine = api_for(liaison_durham).get("/api/v1/responses/").json()["results"]
    assert [r["force"] for r in mine] == ["durham"]
    every = api_for(manager).get("/api/v1/responses/", {"report": R2017}).json()["results"]
    assert {r["force"] for r in every} == {"durham", "kent"}
    assert api_for(manager).get("/api/v1/responses/", {"force": "gotham"}).status_code == 400
    assert one("durham", D(2018, 6, 1)).status == obligations.MET


def test_the_public_calendar_has_the_day_the_responses_are_due_once_known(
    client, report, inspector, liaison_durham
):
    from django.core.cache import cache
    from icalendar import Calendar

    today = timezone.localdate()
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    title = f"Local policing bodies' responses to {report.title} due"

    def events(days: int) -> dict[str, Any]:
        with time_machine.travel(noon + datetime.timedelta(days=days), tick=False):
            publish(known_on=today + datetime.timedelta(days=days - 1), reason="Q", by=inspector)
            cache.clear()
            feed = Calendar.from_ical(client.get("/public/deadlines.ics").content)
        return {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}

    assert title not in events(2)  # the day of publication is not known: no day guessed
    the_day(report, inspector)
    responded(report, Force.objects.get(slug="durham"), liaison_durham, D(2018, 5, 20))
    event = events(4)[title]
    assert event.decoded("DTSTART") == D(2018, 5, 16)
    words = str(event["DESCRIPTION"])
    assert "42 overdue" in words and "1 published late" in words


def test_a_digest_with_only_responses_overdue_says_no_milestone_is(report, inspector, manager):
    from notices.compose import overdue_digest

    the_day(report, inspector)
    late = [o for o in obligations.obligations(D(2018, 5, 21)) if o.status == "overdue"]
    email = overdue_digest(manager, [], D(2018, 5, 21), late)
    assert email.subject == "Overdue milestones and responses: weekly digest for 21 May 2018"
    assert email.paragraphs[0].startswith("No milestone is overdue across forces")
    assert email.paragraphs[1].startswith("43 local policing bodies have not published")
    assert len(email.items) == 43
    only = overdue_digest(manager, [], D(2018, 5, 21), [])
    assert only.subject == "Overdue milestones: weekly digest for 21 May 2018"


def test_the_responses_api_refuses_a_filter_it_cannot_read(manager):
    from tests.conftest import api_for

    refused = api_for(manager).get("/api/v1/responses/", {"answers_every_recommendation": "AAA"})
    assert refused.status_code == 400 and "answers_every_recommendation" in refused.json()
    shown = api_for(manager).get("/api/v1/responses/", {"answers_every_recommendation": "true"})
    assert shown.status_code == 200
