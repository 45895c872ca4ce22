"""A page of one report offers that report's milestones in its filter, not every
report's; any milestone is still accepted."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(manager):
    client = Client()
    client.force_login(manager)
    return client


def offered(html: str) -> set[str]:
    return set(re.findall(r'name="milestone" type="checkbox" value="([^"]+)"', html))


@pytest.mark.parametrize("path", ["/", "/reports/overdue/"])
def test_the_filter_offers_the_shown_reports_milestones(reader, path):
    r2017 = offered(reader.get(path, {"report": "peel-effectiveness-2017"}).content.decode())
    assert "R2-plan" in r2017 and not any(code.startswith("E1") for code in r2017)
    r2016 = offered(reader.get(path, {"report": "peel-effectiveness-2016"}).content.decode())
    assert r2016 and all(code.startswith("E16") for code in r2016)
    chosen = reader.get(path, {"report": "peel-effectiveness-2016", "milestone": "R2-plan"})
    assert chosen.status_code == 200


def quick_choices(html: str) -> list[str]:
    start = html.index("Quick choices:")
    return re.findall(
        r'class="govuk-link" href="[^"]*">([^<]+)</a>', html[start : html.index("</p>", start)]
    )


def test_the_overdue_reports_quick_choices_are_the_shown_reports_due_months(reader):
    r2017 = reader.get("/reports/overdue/", {"report": "peel-effectiveness-2017"})
    assert quick_choices(r2017.content.decode()) == [
        "March 2018 milestone",
        "April 2018 milestone",
        "September 2018 milestones",
        "October 2018 milestone",
        "January 2019 milestone",
        "all milestones",
    ]
    r2016 = reader.get("/reports/overdue/", {"report": "peel-effectiveness-2016"})
    assert quick_choices(r2016.content.decode()) == [
        "June 2017 milestone",
        "December 2017 milestone",
        "all milestones",
    ]
    r2015 = reader.get("/reports/overdue/", {"report": "peel-effectiveness-2015"})
    assert "Quick choices:" not in r2015.content.decode()
