"""The compliance pages in a real browser: matrix, as-of picker, CSV download, axe-core."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import go

# The live server runs in another thread, so these tests use real transactions.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_renders_the_matrix(page, histories, assert_accessible):
    page.goto("/?as_of=2018-10-01")
    assert page.locator("h1").inner_text() == "Who is behind, as of 1 October 2018"
    assert page.locator("#matrix tbody tr").count() == 43
    kent = page.locator('#matrix tr[data-force="kent"]')
    assert "Met" in kent.locator('td[data-milestone="R2-plan"]').inner_text()
    assert "Overdue" in kent.locator('td[data-milestone="R4-review"]').inner_text()
    assert_accessible(page)


def test_as_of_picker_changes_the_results(page, histories):
    page.goto("/")
    page.get_by_label("As of").fill("2018-09-01")
    go(page, page.get_by_role("button", name="Show", exact=True))
    page.wait_for_url("**/?as_of=2018-09-01")
    durham = page.locator('#matrix tr[data-force="durham"] td[data-milestone="R2-plan"]')
    assert "In progress" in durham.inner_text() and "Overdue" not in durham.inner_text()

    page.get_by_label("As of").fill("2018-10-01")
    go(page, page.get_by_role("button", name="Show", exact=True))
    page.wait_for_url("**/?as_of=2018-10-01")
    assert "Overdue" in durham.inner_text()


def test_a_bad_as_of_date_shows_an_error_summary(page, assert_accessible):
    page.goto("/?as_of=31-09-2018")
    summary = page.locator(".govuk-error-summary")
    assert "The as-of date must be a real date" in summary.inner_text()  # 31 September
    assert_accessible(page)


def test_overdue_csv_downloads_with_the_commands_rows(page, histories, assert_accessible):
    page.goto("/reports/overdue/?as_of=2018-10-01")
    go(page, page.get_by_role("link", name="September 2018 milestones"))
    page.wait_for_url("**due=2018-09**")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert (
        download.suggested_filename
        == "overdue-peel-effectiveness-2017-as-of-2018-10-01-due-2018-09.csv"
    )
    downloaded = Path(download.path()).read_text(encoding="utf-8")
    out = io.StringIO()
    call_command("overdue_report", "--as-of", "2018-10-01", "--due", "2018-09", stdout=out)
    assert downloaded == out.getvalue()
    assert downloaded.count("\n") == 1 + 41 + 42 + 1


@pytest.mark.parametrize(
    "url",
    [
        "/reports/overdue/?as_of=2019-02-01",
        "/forces/",
        "/forces/durham/?as_of=2019-02-01",
        "/reports/peel-effectiveness-2017/recommendation-2/?as_of=2019-02-01",
        "/reports/peel-effectiveness-2017/recommendation-3/",
        "/?country=wales&status=overdue",
        "/forces/nowhere/",
        "/reports/",
        "/reports/peel-effectiveness-2015/",
        "/reports/peel-effectiveness-2016/recommendation-2/?as_of=2019-02-01",
        "/reports/by-force/?as_of=2019-02-01",
        "/repeated-recommendations/?as_of=2019-02-01",
    ],
)
def test_every_page_passes_axe_core(page, histories, assert_accessible, url):
    page.goto(url)
    assert_accessible(page)


def test_sign_in_page_passes_axe_and_signs_in(anonymous_page, manager, assert_accessible):
    anonymous_page.goto("/reports/overdue/")
    anonymous_page.wait_for_url("**/sign-in/**")
    assert_accessible(anonymous_page)
    anonymous_page.get_by_label("Username").fill("manager")
    anonymous_page.get_by_label("Password").fill("wrong")
    go(anonymous_page, anonymous_page.get_by_role("button", name="Sign in"))
    assert "There is a problem" in anonymous_page.locator(".govuk-error-summary").inner_text()
    assert_accessible(anonymous_page)
    anonymous_page.get_by_label("Password").fill("pw-for-tests-only")
    go(anonymous_page, anonymous_page.get_by_role("button", name="Sign in"))
    anonymous_page.wait_for_url("**/reports/overdue/")
    assert anonymous_page.locator("h1").inner_text().startswith("Overdue as of")


def test_api_docs_page_renders_within_the_content_security_policy(anonymous_page):
    response = anonymous_page.goto("/api/docs/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    anonymous_page.wait_for_selector(".swagger-ui .info")
    assert "peeltrack API" in anonymous_page.locator(".swagger-ui .info").inner_text()
