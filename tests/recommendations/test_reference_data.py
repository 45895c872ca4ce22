"""The report, its recommendations and milestones agree with the report's text."""

import datetime
import re
from pathlib import Path

import pytest

from recommendations.models import Milestone, Recommendation, Report

SEED = Path(__file__).resolve().parents[2] / "docs" / "source" / "peel-effectiveness-2017.txt"

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_2017_report_is_one_row():
    report = Report.objects.get(slug="peel-effectiveness-2017")
    assert report.title == "PEEL: Police effectiveness 2017 – A national overview"
    assert report.published_label == "March 2018"
    assert report.recommendations.count() == 4


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_recommendation_text_is_verbatim_from_the_report(number):
    source = SEED.read_text(encoding="utf-8")
    recommendation = Recommendation.objects.get(
        report__slug="peel-effectiveness-2017", number=number
    )
    # Every paragraph we store appears word for word in the report, under its heading.
    section = source.split(f"\nRecommendation {number}\n", 1)[1]
    for paragraph in recommendation.text.split("\n\n"):
        assert squash(paragraph) in squash(section[:3000])
    assert recommendation.text.split("\n\n")[0] in source


R2017 = "peel-effectiveness-2017"


def test_recommendation_themes():
    found = Recommendation.objects.filter(report__slug=R2017).order_by("number")
    assert list(found.values_list("number", "theme")) == [
        (1, "Neighbourhood policing"),
        (2, "Shortage of investigators"),
        (3, "Peer review"),
        (4, "Use of bail"),
    ]


def test_milestone_codes_dates_and_owners():
    rows = {
        m.code: (
            m.recommendation.number,
            m.due_on,
            m.owner,
            m.national_body and m.national_body.slug,
        )
        for m in Milestone.objects.filter(recommendation__report__slug=R2017).select_related(
            "recommendation", "national_body"
        )
    }
    d = datetime.date
    assert rows == {
        "R1-guidelines": (1, d(2018, 3, 31), "national_body", "npcc-neighbourhood-policing"),
        "R1-review": (1, d(2018, 10, 31), "forces", None),
        "R2-advice": (2, d(2018, 4, 30), "national_body", "npcc-investigative-resilience"),
        "R2-plan": (2, d(2018, 9, 30), "forces", None),
        "R3-infrastructure": (3, d(2018, 9, 30), "national_body", "college-of-policing"),
        "R3-first-review": (3, d(2019, 1, 31), "forces", None),
        "R4-review": (4, d(2018, 9, 30), "forces", None),
    }


def test_milestone_deadlines_are_worded_as_the_report_words_them():
    source = SEED.read_text(encoding="utf-8")
    for milestone in Milestone.objects.filter(recommendation__report__slug=R2017):
        month_year = milestone.due_label.removeprefix("By ").removeprefix("the end of ")
        assert month_year in source


def test_as_soon_as_possible_asks_are_kept_on_recommendations_1_and_4():
    also = dict(
        Recommendation.objects.filter(report__slug=R2017).values_list("number", "also_asks")
    )
    assert also[1] and also[4]
    assert not also[2] and not also[3]


def test_the_2017_recommendations_are_the_reports_own_words_with_their_source():
    for item in Recommendation.objects.filter(report__slug=R2017):
        assert item.kind == "recommendation" and item.text_is == "verbatim"
        assert item.source == "Recommendations, p. 27"
    report = Report.objects.get(slug=R2017)
    assert report.published_precision == "month" and report.published == "March 2018"
    assert report.inspection.slug == R2017
