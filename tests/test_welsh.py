"""Welsh as well as English: the address says the language (/cy/… Welsh, the rest
English), every page links to the same page in the other language, and the Welsh
catalogue compiles cleanly, with Welsh's six plural forms."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from tests.publishing.test_publishing import days_on, published

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def soup_of(path: str, **params) -> BeautifulSoup:
    response = Client().get(path, params)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def lang_of(page: BeautifulSoup) -> str:
    assert page.html is not None
    return str(page.html["lang"])


def other_language(page: BeautifulSoup):
    link = page.select_one(".app-language-select a[hreflang]")
    assert link is not None
    return link


def test_a_public_page_in_welsh_says_so_and_links_to_its_english(inspector):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        english = soup_of("/public/reports/", published=f"{days_on(2):%Y-%m-%d}")
        welsh = soup_of("/cy/public/reports/", published=f"{days_on(2):%Y-%m-%d}")
    assert lang_of(english) == "en-GB" and lang_of(welsh) == "cy"
    to_welsh, to_english = other_language(english), other_language(welsh)
    # The same page, with the same query, in the other language.
    assert to_welsh["href"] == f"/cy/public/reports/?published={days_on(2):%Y-%m-%d}"
    assert to_welsh["hreflang"] == "cy" and to_welsh["lang"] == "cy"
    assert to_english["href"] == f"/public/reports/?published={days_on(2):%Y-%m-%d}"
    assert to_english["hreflang"] == "en-gb"
    assert welsh.select_one('.app-language-select [aria-current="true"]').get_text() == "Cymraeg"
    nav = [a.get_text(strip=True) for a in welsh.select(".govuk-service-navigation__list a")]
    assert nav[0] == "Adroddiadau" and "Data agored" in nav
    # Welsh links stay in Welsh.
    first = welsh.select_one(".govuk-service-navigation__list a")
    assert first is not None and first["href"] == "/cy/public/reports/"
    # Dates through Django's formatting: the month in Welsh.
    published_line = welsh.select_one("#publication").get_text(" ", strip=True)
    assert published_line.startswith("Cyhoeddwyd ")
    welsh_month = {12: "Rhagfyr", 1: "Ionawr", 2: "Chwefror", 11: "Tachwedd"}
    month = days_on(2).month
    if month in welsh_month:
        assert welsh_month[month] in published_line


def test_each_language_is_kept_in_the_public_cache_on_its_own(inspector):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        first = Client().get("/public/reports/")
        welsh = Client().get("/cy/public/reports/")
        again = Client().get("/public/reports/")
    assert first["ETag"] != welsh["ETag"]
    assert again.content == first.content and b'lang="en-GB"' in again.content
    assert welsh["Content-Language"] == "cy" and first["Content-Language"] == "en-gb"
    assert "Accept-Language" not in welsh.get("Vary", "")


def test_the_language_comes_from_the_address_alone(inspector):
    page = Client().get("/sign-in/", headers={"Accept-Language": "cy"})
    assert b'lang="en-GB"' in page.content
    page = Client(headers={"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=cy"}).get("/sign-in/")
    assert b'lang="en-GB"' in page.content
    welsh = soup_of("/cy/sign-in/")
    assert lang_of(welsh) == "cy"
    assert other_language(welsh)["href"] == "/sign-in/"


def test_a_staff_page_in_welsh_keeps_its_address(client, manager):
    client.force_login(manager)
    page = BeautifulSoup(client.get("/cy/forces/durham/").content, "html.parser")
    assert lang_of(page) == "cy"
    assert other_language(page)["href"] == "/forces/durham/"
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation__list a")]
    assert nav[:2] == ["Dangosfwrdd", "Adroddiad gorddyledus"]
    sign_out = page.select_one("#sign-out button")
    assert sign_out is not None and sign_out.get_text(" ", strip=True).startswith("Allgofnodi")
    # Its links stay in Welsh.
    first = page.select_one(".govuk-service-navigation__list a")
    assert first is not None and str(first["href"]).startswith("/cy/")


def test_the_welsh_catalogue_is_whole_and_compiles_without_a_warning():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    assert "awaiting review by a qualified translator" in text
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "untranslated" not in checked.stderr and "fuzzy" not in checked.stderr
    assert "warning" not in checked.stderr, checked.stderr


@pytest.mark.parametrize(("n", "form"), [(0, 0), (1, 1), (2, 2), (3, 3), (6, 4), (11, 5)])
def test_welsh_has_six_plural_forms(n, form, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE)], check=True)
    with compiled.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    assert catalogue.plural(n) == form
    words = catalogue.ngettext(
        "%(counter)s report, as of %(day)s", "%(counter)s reports, as of %(day)s", n
    ) % {"counter": n, "day": "1 Ionawr 2019"}
    assert words == (
        "Dim adroddiadau, ar 1 Ionawr 2019" if n == 0 else f"{n} adroddiad, ar 1 Ionawr 2019"
    )


def test_the_catalogue_holds_every_string_marked_for_translation(tmp_path):
    """makemessages, run on a copy of the source, finds nothing the catalogue lacks."""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "source"
    skip = {".venv", "node_modules", "static_build", "staticfiles", ".tools", ".git", "media"}
    shutil.copytree(
        source,
        copy,
        ignore=lambda folder, names: [n for n in names if n in skip or n.endswith(".mo")],
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "cy",
            "--no-obsolete",
            "-v",
            "0",
            *(f"--ignore={name}" for name in ("tests", *skip)),
        ],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x"},
    )

    def msgids(path: Path) -> set[str]:
        found = set()
        for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            parts = re.findall(r'^msgid ((?:".*"\n?)+)', block + "\n", flags=re.M)
            if parts:
                found.add("".join(re.findall(r'"(.*)"', parts[0])))
        return found

    made = msgids(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    assert made - msgids(CATALOGUE) == set(), "Strings marked but not in the catalogue"


def test_a_welsh_force_is_named_in_welsh_on_welsh_pages(inspector):
    import time_machine

    from forces.models import Force

    assert dict(Force.objects.exclude(name_cy="").values_list("slug", "name_cy")) == {
        "dyfed-powys": "Heddlu Dyfed-Powys",
        "gwent": "Heddlu Gwent",
        "north-wales": "Heddlu Gogledd Cymru",
        "south-wales": "Heddlu De Cymru",
    }
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        welsh = soup_of("/cy/public/forces/north-wales/")
        english = soup_of("/public/forces/north-wales/")
        durham = soup_of("/cy/public/forces/durham/")
    assert welsh.h1.get_text() == "Heddlu Gogledd Cymru"
    assert english.h1.get_text() == "North Wales"
    assert durham.h1.get_text() == "Durham"  # no official Welsh name: as Annex B has it


def test_the_reports_page_in_welsh_keeps_english_only_texts_marked_as_english(inspector):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        welsh = soup_of("/cy/public/reports/")
        english = soup_of("/public/reports/")
    assert welsh.h1 is not None and welsh.h1.get_text() == "Adroddiadau"
    headings = [th.get_text(strip=True) for th in welsh.select("#reports thead th")]
    assert headings[:4] == ["Adroddiad", "Cyhoeddwyd", "Cerrig milltir", "Gorddyledus"]
    title = welsh.select_one("#reports tbody th a")
    assert title is not None and title.get("lang") == "en"  # the report's own title
    assert "neu" in welsh.get_text() and 'reports/data.csv"' in str(welsh)
    english_headings = [th.get_text(strip=True) for th in english.select("#reports thead th")]
    assert english_headings[:4] == ["Report", "Published", "Milestones", "Overdue"]
    english_title = english.select_one("#reports tbody th a")
    assert english_title is not None and english_title.get("lang") is None


def test_the_report_page_in_welsh(inspector, histories):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        welsh = soup_of("/cy/public/reports/peel-effectiveness-2017/")
        english = soup_of("/public/reports/peel-effectiveness-2017/")
    said = welsh.get_text(" ", strip=True)
    assert "Eitemau a’u cerrig milltir" in said and "yn 100%." in said
    assert "yn Saesneg yn unig" in said
    assert welsh.h1 is not None and welsh.h1.get("lang") == "en"
    item = welsh.select_one(".app-recommendation-text")
    assert item is not None and item.get("lang") == "en"
    assert "Gorddyledus" in [o.get_text() for o in welsh.select("#status option")]
    plain = english.get_text(" ", strip=True)
    assert "is 100%." in plain and "100%%" not in plain and "Saesneg" not in plain


def test_the_forces_page_in_welsh(inspector):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        welsh = soup_of("/cy/public/forces/", country="wales")
        english = soup_of("/public/forces/", country="wales")
    caption = welsh.select_one("#forces caption")
    assert caption is not None and caption.get_text(strip=True).startswith("4 heddlu: Cymru, ar ")
    english_caption = english.select_one("#forces caption")
    assert english_caption is not None
    assert english_caption.get_text(strip=True).startswith("4 forces in Wales, as of ")
    assert [o.get_text() for o in welsh.select("#country option")] == [
        "Cymru a Lloegr",
        "Lloegr",
        "Cymru",
    ]


def test_files_for_machines_are_english_at_the_welsh_address_too(inspector):
    import time_machine

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        for path in ("/public/data/forces.csv", "/public/data/everything.json"):
            english, welsh = Client().get(path), Client().get("/cy" + path)
            if english.status_code == 404:
                continue
            assert english.status_code == welsh.status_code == 200, path
            assert welsh.content == english.content, path
            assert welsh["Content-Language"] == "en-gb"


def test_dates_labels_and_roles_follow_the_language():
    import datetime

    from django.utils import translation

    from accounts.models import User
    from core.access import Role, role_label
    from forces.models import Force
    from recommendations.models import Precision, Recommendation, partial_date

    day = datetime.date(2018, 9, 30)
    liaison = User(username="x", role=Role.LIAISON, force=Force.objects.get(slug="gwent"))
    with translation.override("cy"):
        assert partial_date(day, Precision.DAY) == "30 Medi 2018"
        assert partial_date(day, Precision.MONTH) == "Medi 2018"
        assert partial_date(None, Precision.DAY) == "anhysbys"
        assert str(Recommendation.Kind.AREA_FOR_IMPROVEMENT.label) == "Maes i’w wella"
        assert role_label(liaison) == "Swyddog cyswllt yr heddlu, Heddlu Gwent"
    with translation.override("en-gb"):
        assert partial_date(day, Precision.DAY) == "30 September 2018"
        assert role_label(liaison) == "Force liaison, Gwent"


def test_a_report_published_in_a_month_says_the_month_in_welsh():
    from django.utils import translation

    from recommendations.models import Report

    report = Report.objects.get(slug="peel-effectiveness-2017")
    assert report.published == "March 2018"
    with translation.override("cy"):
        assert report.published == "Mawrth 2018"


def test_the_welsh_commissioners_are_named_in_welsh():
    from django.utils import translation

    from policing_bodies.models import LocalPolicingBody

    named = dict(
        LocalPolicingBody.objects.exclude(name_cy="").values_list("force__slug", "name_cy")
    )
    assert set(named) == {"dyfed-powys", "gwent", "north-wales", "south-wales"}
    body = LocalPolicingBody.objects.get(force__slug="south-wales")
    with translation.override("cy"):
        assert body.local_name == "Comisiynydd yr Heddlu a Throseddu De Cymru"
    assert body.local_name == "Police and Crime Commissioner for South Wales"
    kent = LocalPolicingBody.objects.filter(force__slug="kent").first()
    with translation.override("cy"):
        assert kent is not None and kent.local_name == kent.name


def test_a_report_file_may_carry_welsh_texts(inspector):
    import copy

    import yaml
    from django.utils import translation

    from recommendations.loader import load_report
    from recommendations.models import Recommendation, Report
    from recommendations.report_files import FileRefused
    from tests.recommendations.test_load_report import THEMATIC

    document: dict[str, Any] = copy.deepcopy(THEMATIC)
    document["title_cy"] = "Dalfa: arolygiad thematig"
    document["items"][0]["text_cy"] = "Erbyn 30 Mehefin 2019, dylai heddluoedd weithredu."
    document["items"][0]["milestones"][0]["description_cy"] = "Cynllun diogelwch y ddalfa"
    load_report(yaml.safe_dump(document).encode(), by=inspector)
    report = Report.objects.get(slug="custody-thematic-2019")
    item = Recommendation.objects.get(report=report, kind="recommendation", number=1)
    milestone = item.milestones.get(code="CT1-plan")
    with translation.override("cy"):
        assert report.local_title == "Dalfa: arolygiad thematig"
        assert item.local_text.startswith("Erbyn 30 Mehefin")
        assert milestone.local_description == "Cynllun diogelwch y ddalfa"
        other = item.milestones.get(code="CT1-guidance")
        assert other.local_description == other.description  # none given: the English
    assert report.local_title == "Custody: a thematic inspection"
    # The same file again changes nothing; a changed Welsh text is a difference.
    assert load_report(yaml.safe_dump(document).encode(), by=inspector).already_loaded
    document["items"][0]["text_cy"] = "Testun arall"
    with pytest.raises(FileRefused, match="text_cy"):
        load_report(yaml.safe_dump(document).encode(), by=inspector)
    # And the Welsh texts are held to the same rules as the English.
    document["items"][0]["text_cy"] = "x" * 10_001
    document["slug"] = "custody-thematic-2020"
    with pytest.raises(FileRefused, match=r"items\[0\]\.text_cy"):
        load_report(yaml.safe_dump(document).encode(), by=inspector)


def test_a_report_with_welsh_texts_shows_them_on_its_welsh_page(inspector):
    import copy

    import time_machine
    import yaml

    from recommendations.loader import load_report
    from tests.recommendations.test_load_report import THEMATIC

    document: dict[str, Any] = copy.deepcopy(THEMATIC)
    document["title_cy"] = "Dalfa: arolygiad thematig"
    document["items"][0]["text_cy"] = "Erbyn 30 Mehefin 2019, dylai heddluoedd weithredu."
    document["items"][0]["milestones"][0]["description_cy"] = "Cynllun diogelwch y ddalfa"
    load_report(yaml.safe_dump(document).encode(), by=inspector)
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        welsh = soup_of("/cy/public/reports/custody-thematic-2019/")
        english = soup_of("/public/reports/custody-thematic-2019/")
    heading = welsh.h1
    assert heading is not None and heading.get_text() == "Dalfa: arolygiad thematig"
    assert heading.get("lang") is None  # Welsh, as the page is
    text = welsh.select_one("#recommendation-1 ~ .app-recommendation-text")
    assert text is not None and "Erbyn 30 Mehefin" in text.get_text() and text.get("lang") is None
    plan = welsh.select_one('[data-milestone="CT1-plan"] th span')
    assert plan is not None and plan.get_text() == "Cynllun diogelwch y ddalfa"
    assert plan.get("lang") is None
    # A milestone the file gives no Welsh for: its English, marked as English.
    guidance = welsh.select_one('[data-milestone="CT1-guidance"] th span')
    assert guidance is not None and guidance.get("lang") == "en"
    assert english.h1 is not None and english.h1.get_text() == "Custody: a thematic inspection"
