"""Every public page in Welsh: `lang="cy"`, nothing left in English but what exists only
in English (marked `lang="en"`) and names, the licence in Welsh, the same page a link
away in English, and the data files unchanged at the Welsh address."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from policing_bodies.models import LocalPolicingBody
from publishing.views import DICTIONARY
from tests.publishing.test_publishing import days_on, published
from tests.test_welsh_liaison import names
from tests.welsh import english_left

pytestmark = pytest.mark.django_db

# Every public page a person reads, with the queries that change what it says.
PAGES = [
    "/cy/public/",
    "/cy/public/reports/",
    "/cy/public/reports/peel-effectiveness-2017/",
    "/cy/public/reports/peel-effectiveness-2017/?status=overdue&country=wales",
    "/cy/public/items/",
    "/cy/public/items/?kind=recommendation&status=met",
    "/cy/public/items/?q=nothing-has-these-words",
    "/cy/public/forces/",
    "/cy/public/forces/?country=wales",
    "/cy/public/forces/gwent/",
    "/cy/public/forces/durham/?status=overdue",
    "/cy/public/forces/durham/?q=nothing-has-these-words",
    "/cy/public/repeated/",
    "/cy/public/repeated/?force=gwent",
    "/cy/public/responses/",
    "/cy/public/responses/?country=wales&status=overdue",
    "/cy/public/data/",
    "/cy/public/publications/",
    "/cy/public/accessibility/",
    "/cy/public/privacy/",
]
# Pages that say no, in Welsh too.
REFUSALS = [
    ("/cy/public/reports/?colour=red", 400),
    ("/cy/public/items/?status=purple", 400),
    ("/cy/public/forces/?country=scotland", 400),
    ("/cy/public/responses/?status=lost", 400),
    ("/cy/public/items/?q=" + "x" * 201, 400),
    ("/cy/public/reports/?published=2018-02-30", 400),
    ("/cy/public/reports/?published=2019-01-01", 404),
    ("/cy/public/reports/no-such-report/", 404),
    ("/cy/public/forces/no-such-force/", 404),
    ("/cy/public/data/?x=1", 400),
]


def is_welsh(response, path, status=200) -> BeautifulSoup:
    """The page in Welsh, with nothing in English but names: the liaison pages' names and
    the local policing bodies' (reference data, in English where they have no Welsh)."""
    assert response.status_code == status, (path, response.status_code)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html is not None and page.html["lang"] == "cy", path
    bodies = tuple(LocalPolicingBody.objects.values_list("name", flat=True))
    # The data files' column names and a value they hold, shown as the files have them.
    columns = {name for _title, found in DICTIONARY.values() for name, _type, _m in found}
    allowed = tuple(sorted({*names(), *bodies, *columns, '"Not known: …"'}, key=len, reverse=True))
    assert english_left(response.content, allowed=allowed) == [], path
    return page


@pytest.fixture
def on_the_day(inspector, histories):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        yield


def test_every_public_page_is_whole_in_welsh(on_the_day):
    for path in PAGES:
        page = is_welsh(Client().get(path), path)
        english = page.select_one('.app-language-select a[hreflang="en-gb"]')
        assert english is not None and english["href"] == path.removeprefix("/cy"), path


def test_every_public_refusal_is_in_welsh(on_the_day):
    for path, status in REFUSALS:
        page = is_welsh(Client().get(path), path, status=status)
        assert page.select_one("#problem").get_text(strip=True), path


def test_the_licence_is_the_welsh_one_on_welsh_pages(on_the_day):
    welsh = BeautifulSoup(Client().get("/cy/public/items/").content, "html.parser")
    licence = welsh.select_one('a[rel="license"]')
    assert licence is not None and licence.get_text() == "Trwydded Llywodraeth Agored v3.0"
    assert "open-government-licence-cymraeg/version/3/" in str(licence["href"])
    english = BeautifulSoup(Client().get("/public/items/").content, "html.parser")
    licence = english.select_one('a[rel="license"]')
    assert licence is not None and licence.get_text() == "Open Government Licence v3.0"


def test_data_files_and_their_licence_are_english_at_welsh_addresses(on_the_day):
    for path in ("/public/items/data.json", "/public/responses/data.json"):
        english = Client().get(path)
        welsh = Client().get("/cy" + path)
        assert welsh.status_code == english.status_code == 200
        assert welsh.json() == english.json()
        assert welsh.json()["metadata"]["licence"] == "Open Government Licence v3.0"
    rows = Client().get("/cy/public/responses/data.json").json()["rows"]
    assert {row["status_label"] for row in rows} <= {
        "Overdue",
        "Not yet due",
        "Deadline unknown",
        "Published late",
        "Published on time",
    }


def test_the_data_dictionary_keeps_column_names_and_says_what_they_mean_in_welsh(on_the_day):
    welsh = BeautifulSoup(Client().get("/cy/public/data/").content, "html.parser")
    english = BeautifulSoup(Client().get("/public/data/").content, "html.parser")
    names = [code.get_text() for code in welsh.select("tbody th code")]
    assert names == [code.get_text() for code in english.select("tbody th code")]
    assert "days_overdue" in names
    # The names stay as the files have them; what each means is in the page's language.
    rows: dict[str, object] = {}
    for name, row in zip(names, welsh.select("tbody tr"), strict=True):
        rows.setdefault(name, row)  # the first table's (the report's milestones)
    cells = [td.get_text() for td in rows["days_overdue"].select("td")]
    assert cells == [
        "rhif cyfan",
        "Diwrnodau ers y dyddiad dyledus, pan fo’n orddyledus; fel arall 0",
    ]
    english_rows: dict[str, object] = {}
    for name, row in zip(names, english.select("tbody tr"), strict=True):
        english_rows.setdefault(name, row)
    assert [td.get_text() for td in english_rows["days_overdue"].select("td")] == [
        "whole number",
        "Days past the due date, when overdue; else 0",
    ]
    assert not welsh.select("tbody [lang]")
    captions = [c.get_text() for c in welsh.select("caption")]
    assert "Pob adroddiad a gyhoeddwyd (/public/reports/data.csv)" in captions
