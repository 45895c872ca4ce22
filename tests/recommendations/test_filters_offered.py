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
