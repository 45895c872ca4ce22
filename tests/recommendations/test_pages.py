"""The compliance pages: sign-in, as-of dates, filters, bad input, constant queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forces.models import Force
from plans.models import Action, ActionPlan
from recommendations import catalogue
from recommendations.models import Milestone, ProgressRecord, Recommendation

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/reports/overdue/",
    "/forces/",
    "/forces/durham/",
    "/reports/peel-effectiveness-2017/recommendation-2/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_overdue_downloads_need_sign_in_too(client):
    response = client.get("/reports/overdue/", {"format": "csv"})
    assert response.status_code == 302


def test_sign_in_page_is_public_and_signs_in(client, manager):
    assert client.get("/sign-in/").status_code == 200
    response = client.post(
        "/sign-in/?next=/forces/",
        {"username": "manager", "password": "pw-for-tests-only", "next": "/forces/"},
    )
    assert response.status_code == 302 and response["Location"] == "/forces/"


def test_wrong_password_gives_a_form_error(client, manager):
    response = client.post("/sign-in/", {"username": "manager", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_a_signed_in_user(signed_in, histories, url):
    response = signed_in.get(url, {"as_of": "2018-10-01"})
    assert response.status_code == 200
    assert "as of 1 October 2018" in response.content.decode() or url == "/forces/"


BAD_QUERIES = [
    ({"as_of": "2018-13-01"}, "The as-of date must be a real date"),
    ({"as_of": "yesterday"}, "Enter the as-of date as a day, month and year"),
    ({"as_of": "20181001"}, "Enter the as-of date as a day, month and year"),
    ({"as_of": "9999-12-30"}, "The as-of date must be before the year 9999"),
    ({"known_on": "2018-W35-6"}, "Enter the known-on date as a day, month and year"),
    ({"milestone": "R9-nothing"}, "There is no milestone with the code R9-nothing"),
    ({"country": "scotland"}, "Select a valid choice"),
    ({"graded": "peel-effectiveness-2017:overall:brilliant"}, "Select a valid choice"),
    ({"graded": "peel-2099:overall:good"}, "Select a valid choice"),
    ({"report": "peel-effectiveness-2099"}, "There is no report with the slug"),
    ({"status": "late"}, "Select a valid choice"),
    ({"due": "September"}, "Enter the due month as YYYY-MM"),
]
# The force finder filters forces by country and grade; it has no dates or statuses.
FORCE_FINDER_QUERIES = [(q, m) for q, m in BAD_QUERIES if {"country", "graded"} & set(q)]


@pytest.mark.parametrize(
    "url, query, message",
    [(url, q, m) for url in PAGES if url != "/forces/" for q, m in BAD_QUERIES]
    + [("/forces/", q, m) for q, m in FORCE_FINDER_QUERIES],
)
def test_bad_input_is_a_400_with_a_clear_message(signed_in, url, query, message):
    response = signed_in.get(url, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html


def test_unknown_download_format_is_a_400(signed_in):
    response = signed_in.get("/reports/overdue/", {"format": "pdf"})
    assert response.status_code == 400
    assert "Choose a download format of csv or xlsx" in response.content.decode()


def test_unknown_force_and_recommendation_are_404(signed_in):
    assert signed_in.get("/forces/gotham/").status_code == 404
    assert signed_in.get("/reports/peel-effectiveness-2017/recommendation-9/").status_code == 404


def test_as_of_date_changes_the_dashboard(signed_in, histories):
    before = signed_in.get("/", {"as_of": "2018-09-01"}).content.decode()
    after = signed_in.get("/", {"as_of": "2018-10-01"}).content.decode()
    assert "day overdue" not in before
    assert "In progress, 1 day overdue" in after


def test_default_as_of_is_today_in_london(signed_in):
    from recommendations.progress import today

    response = signed_in.get("/")
    assert response.context["as_of"] == today()


def test_links_carry_the_chosen_as_of_date(signed_in):
    html = signed_in.get("/", {"as_of": "2018-10-01"}).content.decode()
    assert 'href="/forces/durham/?as_of=2018-10-01"' in html
    assert 'href="/reports/overdue/?as_of=2018-10-01"' in html


def test_dashboard_filters_by_country_grade_and_status(signed_in, histories):
    response = signed_in.get("/", {"as_of": "2018-10-01", "country": "wales"})
    assert [f.slug for f, _linked, _cells in response.context["page"].rows] == [
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    ]
    response = signed_in.get("/", {"graded": "peel-effectiveness-2017:overall:outstanding"})
    assert [f.slug for f, _linked, _cells in response.context["page"].rows] == ["durham"]
    # Grades in one area are alternatives; in different areas, all must hold.
    both = ["peel-effectiveness-2017:overall:outstanding", "peel-effectiveness-2017:overall:good"]
    response = signed_in.get("/", {"graded": both})
    assert len(response.context["page"].rows) == 31
    response = signed_in.get(
        "/",
        {
            "graded": [
                "peel-effectiveness-2017:overall:good",
                "peel-effectiveness-2017:vulnerability:requires_improvement",
            ]
        },
    )
    slugs = {f.slug for f, _linked, _cells in response.context["page"].rows}
    assert "lancashire" in slugs and "durham" not in slugs and "kent" not in slugs
    # An unchosen select sends an empty value: it filters nothing.
    response = signed_in.get("/", {"graded": ["", "peel-effectiveness-2017:overall:outstanding"]})
    assert [f.slug for f, _linked, _cells in response.context["page"].rows] == ["durham"]
    response = signed_in.get("/", {"as_of": "2018-10-01", "status": "met"})
    assert {f.slug for f, _linked, _cells in response.context["page"].rows} == {"kent", "durham"}


def test_dashboard_milestone_filter_chooses_the_columns(signed_in):
    response = signed_in.get("/", {"milestone": ["R3-first-review"]})
    assert [m.code for m in response.context["page"].columns] == ["R3-first-review"]


def test_dashboard_cells_show_status_in_words(signed_in, histories):
    response = signed_in.get("/", {"as_of": "2019-02-01"})
    html = response.content.decode()
    assert "Met late" in html and "Not in scope" in html and "Overdue" in html


def test_recommendation_page_quotes_the_text_and_counts_forces(signed_in, histories):
    response = signed_in.get(
        "/reports/peel-effectiveness-2017/recommendation-2/", {"as_of": "2019-02-01"}
    )
    html = response.content.decode()
    text = Recommendation.objects.get(report__slug="peel-effectiveness-2017", number=2).text
    assert text.split("\n\n")[0] in html
    section = next(s for s in response.context["page"].sections if s["milestone"].code == "R2-plan")
    assert section["in_scope"] == 42
    assert section["counts"]["met"] == 1 and section["counts"]["met_late"] == 1
    # The chart's table alternative: the last point is the as-of date.
    day, points = response.context["page"].chart[-1]
    assert day == datetime.date(2019, 2, 1)
    assert points[0] == {"met": 2, "in_scope": 42, "percent": 5}


def test_force_page_shows_grades_history_scope_and_plans(signed_in, histories, manager):
    lancashire = Force.objects.get(slug="lancashire")
    plan = ActionPlan.objects.create(
        force=lancashire,
        recommendation=Recommendation.objects.get(report__slug="peel-effectiveness-2017", number=4),
    )
    Action.objects.create(
        plan=plan,
        description="Audit released-under-investigation cases",
        horizon="short",
        owner="Head of crime",
        target_date=datetime.date(2018, 8, 31),
    )
    ProgressRecord.objects.create(
        force=lancashire,
        milestone=Milestone.objects.get(code="R4-review"),
        status="met",
        effective_on=datetime.date(2018, 9, 25),
        note="Bail review seen",
        recorded_by=manager,
    )
    html = signed_in.get("/forces/lancashire/", {"as_of": "2018-10-01"}).content.decode()
    assert "Requires improvement" in html  # vulnerability grade
    assert "Bail review seen" in html and "by Mary Manager" in html
    assert (
        "taken out of the scope of Recommendation 2 — Action plan for the investigator shortage"
        in html
        and "Full investigative contingent" in html
    )
    assert f'href="/plans/{plan.pk}/"' in html
    plan_html = signed_in.get(f"/plans/{plan.pk}/").content.decode()
    assert "Audit released-under-investigation cases" in plan_html


def test_force_page_marks_records_after_the_as_of_date_and_corrections(signed_in, record, kent):
    wrong = record(kent, "R4-review", "met", "2018-09-01")
    record(kent, "R4-review", "in_progress", "2018-09-01", corrects=wrong)
    record(kent, "R4-review", "met", "2018-12-01")
    html = signed_in.get("/forces/kent/", {"as_of": "2018-10-01"}).content.decode()
    assert "after the as-of date" in html
    assert "Corrected on 1 Sep 2018 (entered " in html and "no longer counts" in html
    assert "Corrects the record dated 1 Sep 2018" in html


def add_bulk_history(n_per_force: int):
    """Many more records, scope changes and plans, to show page queries do not grow."""
    forces = list(Force.objects.all())
    milestones = list(Milestone.objects.for_forces())
    records = [
        ProgressRecord(
            force=f,
            milestone=m,
            status="in_progress",
            effective_on=datetime.date(2018, 5, 1) + datetime.timedelta(days=i),
        )
        for f in forces
        for m in milestones
        for i in range(n_per_force)
    ]
    ProgressRecord.objects.bulk_create(records)
    for force in forces:
        plan, _ = ActionPlan.objects.get_or_create(
            force=force, recommendation=Recommendation.objects.first()
        )
        Action.objects.bulk_create(
            Action(plan=plan, description=f"Action {i}", horizon="short", owner="x")
            for i in range(3)
        )


@pytest.mark.parametrize(
    "url",
    PAGES
    + [
        "/reports/overdue/?format=csv",
        "/reports/overdue/?format=xlsx",
        "/?country=england&status=overdue",
    ],
)
def test_pages_use_a_constant_number_of_queries(signed_in, histories, url):
    def count():
        cache.clear()  # the work itself, not a cached copy of it
        catalogue.current()  # with reference data held, as between changes to it
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(url, {"as_of": "2019-02-01"} if "?" not in url else None)
        assert response.status_code == 200
        return len(queries)

    add_bulk_history(1)
    few = count()
    add_bulk_history(5)
    assert count() == few
    # Two runs of the rule at most: one to choose the newest report with open milestones
    # (remembered until the next write or the next day), one for the page, each one
    # query per kind of owner; reference data from the catalogue (one query, its token);
    # on the dashboard, the 56-day responses owed (forces, days of publication, responses,
    # local policing bodies: one query each).
    assert few <= 21


def test_force_page_shows_the_newest_records_and_links_to_the_rest(signed_in, record, kent):
    for day in range(1, 26):
        record(kent, "R4-review", "in_progress", f"2018-08-{day:02d}", note=f"Visit {day}")
    html = signed_in.get("/forces/kent/").content.decode()
    assert "Visit 25" in html and "Visit 16" in html and "Visit 15" not in html
    assert "See every record for this milestone" in html
    page = signed_in.get("/forces/kent/history/R4-review/").content.decode()
    assert "25 records, newest first" in page
    assert "Visit 25" in page and "Visit 1<" in page
    assert signed_in.get("/forces/kent/history/R2-advice/").status_code == 404


def test_milestone_history_is_refused_for_another_forces_liaison(liaison_durham, client):
    client.force_login(liaison_durham)
    assert client.get("/forces/kent/history/R4-review/").status_code == 404
    assert client.get("/forces/durham/history/R4-review/").status_code == 200


def test_a_correction_made_on_the_page_says_it_corrected(client, inspector, record, durham):
    wrong = record(durham, "R4-review", "met", "2018-09-01")
    client.force_login(inspector)
    response = client.post(
        f"/progress/record/?corrects={wrong.pk}",
        {
            "owner": "force:durham",
            "milestone": "R4-review",
            "status": "in_progress",
            "effective_on_0": "5",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": "It was not met",
            "corrects": wrong.pk,
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Corrected the record of Recommendation 4 — " in text
    assert "(R4-review) for Durham dated 1 Sep 2018" in text
    assert "now in progress from 5 Sep 2018" in text
    assert "Corrected on 5 Sep 2018 (entered " in text


def test_the_dashboards_headline_counts_what_the_overdue_report_lists(signed_in, histories):
    import datetime
    import re

    from recommendations import progress

    as_of = datetime.date(2018, 10, 1)
    html = signed_in.get("/", {"as_of": "2018-10-01", "report": "peel-effectiveness-2017"})
    html = html.content.decode()
    headline = html[html.index('id="headline"') : html.index("</ul>", html.index('id="headline"'))]
    found = re.findall(
        r"<strong[^>]*>(\d+) of (\d+)</strong> forces? behind on .*?\((R[\w-]+)\)", headline
    )
    assert found, headline
    for behind, in_scope, code in found:
        milestone = Milestone.objects.get(code=code)
        rows = progress.standings(as_of, milestones=[milestone], include_national=False)
        assert int(in_scope) == len(rows)
        assert int(behind) == sum(s.is_overdue for s in rows)


def test_recording_progress_reports_every_problem_at_once(client, inspector, reference_data):
    """A national milestone chosen for a force is said beside the missing date and
    status, not after they are fixed; a met record's missing note beside a bad date."""
    client.force_login(inspector)
    response = client.post(
        "/progress/record/",
        {"owner": "force:durham", "milestone": "R1-guidelines", "note": ""},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["owner"][0].endswith("NPCC lead for neighbourhood policing, not a force")
    assert errors["status"] == ["Select the status"]
    assert "effective_on" in errors
    summary = response.content.decode().split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert summary.count("<li>") == 3

    response = client.post(
        "/progress/record/",
        {"owner": "force:durham", "milestone": "R2-plan", "status": "met", "note": " "},
    )
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert errors["note"] == ["Say what the met assessment rests on: a note is needed"]
    assert "effective_on" in errors and "owner" not in errors


def test_the_report_and_item_pages_count_overdue_first(signed_in):
    from bs4 import BeautifulSoup

    report = BeautifulSoup(
        signed_in.get("/reports/peel-effectiveness-2017/").content, "html.parser"
    )
    headings = [th.get_text() for th in report.find("table").thead.find_all("th")]
    assert headings[:4] == ["Milestone", "Due", "Overdue", "Met"]
    row = report.find("table").tbody.tr
    assert row.find_all("td")[1]["data-category"] == "overdue"
