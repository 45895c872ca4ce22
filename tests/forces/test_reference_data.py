"""The loaded forces and grades agree with Annex B of the report."""

from pathlib import Path

import pytest

from forces.models import Force, Grade, NationalBody

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


def test_all_43_forces_of_annex_b_are_loaded_by_name():
    assert len(annex_b_rows()) == 43
    assert set(Force.objects.values_list("name", flat=True)) == set(annex_b_rows())


@pytest.mark.parametrize("name", sorted(annex_b_rows()))
def test_force_grades_match_annex_b(name):
    cells = annex_b_rows()[name]
    force = Force.objects.get(name=name)
    stored = [code for _label, code, _display in force.grades()]
    if name == "Northamptonshire":
        # One merged cell in the text; worked out from the summary table (see migration).
        assert cells == ["Requires Improvement"]
        assert stored == [Grade.REQUIRES_IMPROVEMENT] * 5
    else:
        assert stored == [GRADE_WORDS[c] for c in cells]


def test_grade_totals_match_the_reports_summary_where_it_is_consistent():
    # "nearly half (20) of forces are not graded as good" for vulnerability, and the
    # summary table's overall row: 1 outstanding, 30 good, 12 requires improvement.
    assert Force.objects.graded_below_good_for_vulnerability().count() == 20
    overall = [f.grade_overall for f in Force.objects.all()]
    assert overall.count(Grade.OUTSTANDING) == 1
    assert overall.count(Grade.GOOD) == 30
    assert overall.count(Grade.REQUIRES_IMPROVEMENT) == 12


def test_welsh_forces_are_in_wales_and_the_rest_in_england():
    assert set(Force.objects.filter(country="wales").values_list("slug", flat=True)) == WELSH_FORCES
    assert Force.objects.filter(country="england").count() == 39


def test_national_bodies_that_own_milestones_are_loaded():
    assert set(NationalBody.objects.values_list("slug", flat=True)) == {
        "npcc-neighbourhood-policing",
        "npcc-investigative-resilience",
        "college-of-policing",
    }
