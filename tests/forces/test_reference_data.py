"""The loaded forces and grades agree with Annex B of the report."""

from pathlib import Path

import pytest

from forces.models import Force, Grade, Inspection, Judgment, NationalBody

SEED = Path(__file__).resolve().parents[2] / "docs" / "source" / "peel-effectiveness-2017.txt"
GRADE_WORDS = {
    "Outstanding": Grade.OUTSTANDING,
    "Good": Grade.GOOD,
    "Requires Improvement": Grade.REQUIRES_IMPROVEMENT,
    "Inadequate": Grade.INADEQUATE,
}
WELSH_FORCES = {"dyfed-powys", "gwent", "north-wales", "south-wales"}


def annex_b_rows():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("Annex B – Individual force judgments from 2017 inspection")
    rows = {}
    for line in lines[start + 2 :]:
        if line.startswith("For further information"):
            break
        if line.strip() and not line.startswith("\t"):  # skip blanks and the header
            name, *cells = line.split("\t")
            rows[name] = [c for c in cells if c]
    return rows


pytestmark = pytest.mark.django_db
INSPECTION = "peel-effectiveness-2017"


def grades_of(force: Force) -> list[str]:
    """The force's 2017 grades in Annex B's column order."""
    return list(
        Judgment.objects.of_inspection(Inspection.objects.get(slug=INSPECTION))
        .filter(force=force)
        .order_by("area__position")
        .values_list("grade", flat=True)
    )


def test_all_43_forces_of_annex_b_are_loaded_by_name():
    assert len(annex_b_rows()) == 43
    assert set(Force.objects.values_list("name", flat=True)) == set(annex_b_rows())


@pytest.mark.parametrize("name", sorted(annex_b_rows()))
def test_force_grades_match_annex_b(name):
    cells = annex_b_rows()[name]
    force = Force.objects.get(name=name)
    stored = grades_of(force)
    if name == "Northamptonshire":
        # One merged cell in the text; worked out from the summary table (see migration).
        assert cells == ["Requires Improvement"]
        assert stored == [Grade.REQUIRES_IMPROVEMENT] * 5
    else:
        assert stored == [GRADE_WORDS[c] for c in cells]


def test_grade_totals_match_the_reports_summary_where_it_is_consistent():
    # "nearly half (20) of forces are not graded as good" for vulnerability, and the
    # summary table's overall row: 1 outstanding, 30 good, 12 requires improvement.
    judgments = Judgment.objects.of_inspection(Inspection.objects.get(slug=INSPECTION))
    vulnerability = judgments.filter(area__slug="vulnerability")
    assert vulnerability.exclude(grade__in=[Grade.OUTSTANDING, Grade.GOOD]).count() == 20
    overall = list(judgments.filter(area__slug="overall").values_list("grade", flat=True))
    assert overall.count(Grade.OUTSTANDING) == 1
    assert overall.count(Grade.GOOD) == 30
    assert overall.count(Grade.REQUIRES_IMPROVEMENT) == 12


def test_welsh_forces_are_in_wales_and_the_rest_in_england():
    assert set(Force.objects.filter(country="wales").values_list("slug", flat=True)) == WELSH_FORCES
    assert Force.objects.filter(country="england").count() == 39


def test_national_bodies_that_own_milestones_are_loaded():
    assert set(NationalBody.objects.values_list("slug", flat=True)) == {
        # The 2017 report's.
        "npcc-neighbourhood-policing",
        "npcc-investigative-resilience",
        "college-of-policing",
        # Those the 2017 report names as owning the 2016 inspection's recommendations.
        "npcc",
        "national-crime-agency",
        "home-office",
    }


def test_the_2017_inspection_has_annex_bs_areas_and_a_judgment_for_every_force_and_area():
    inspection = Inspection.objects.get(slug=INSPECTION)
    assert list(inspection.areas.values_list("name", flat=True)) == [
        "Crime prevention",
        "Investigation",
        "Vulnerability",
        "Serious and organised crime",
        "Overall",
    ]
    assert inspection.scale == ["outstanding", "good", "requires_improvement", "inadequate"]
    assert Judgment.objects.of_inspection(inspection).count() == 215
