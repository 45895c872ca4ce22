"""The 2017 effectiveness inspection (its slug, title, areas and scale as its report's file
gives them) and each force's grade in each area, as the Force columns hold them now
(Annex B's grades, with any grade correction already applied)."""

from pathlib import Path

import yaml
from django.db import migrations

REPORT_FILE = (
    Path(__file__).resolve().parents[2]
    / "recommendations"
    / "reports"
    / "peel-effectiveness-2017.yaml"
)
COLUMNS = {
    "crime_prevention": "grade_crime_prevention",
    "investigation": "grade_investigation",
    "vulnerability": "grade_vulnerability",
    "serious_organised_crime": "grade_serious_organised_crime",
    "overall": "grade_overall",
}


def move(apps, schema_editor):
    Force = apps.get_model("forces", "Force")
    Inspection = apps.get_model("forces", "Inspection")
    InspectionArea = apps.get_model("forces", "InspectionArea")
    Judgment = apps.get_model("forces", "Judgment")
    described = yaml.safe_load(REPORT_FILE.read_text(encoding="utf-8"))["inspection"]
    if not Force.objects.exists():
        return  # an empty database (a test run's flush): nothing to move
    inspection = Inspection.objects.create(
        slug=described["slug"], title=described["title"], scale=described["scale"]
    )
    areas = {
        area["slug"]: InspectionArea.objects.create(
            inspection=inspection, slug=area["slug"], name=area["name"], position=position
        )
        for position, area in enumerate(described["areas"], start=1)
    }
    if set(areas) != set(COLUMNS):
        raise RuntimeError(f"{REPORT_FILE.name} names areas {sorted(areas)}, not the columns'.")
    Judgment.objects.bulk_create(
        Judgment(force=force, area=areas[area], grade=getattr(force, column))
        for force in Force.objects.order_by("pk")
        for area, column in COLUMNS.items()
    )


def back(apps, schema_editor):
    Judgment = apps.get_model("forces", "Judgment")
    Force = apps.get_model("forces", "Force")
    for judgment in Judgment.objects.select_related("area", "force"):
        Force.objects.filter(pk=judgment.force_id).update(
            **{COLUMNS[judgment.area.slug]: judgment.grade}
        )
    Judgment.objects.all().delete()
    apps.get_model("forces", "InspectionArea").objects.all().delete()
    apps.get_model("forces", "Inspection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("forces", "0003_inspections")]
    operations = [migrations.RunPython(move, back)]
