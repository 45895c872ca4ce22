"""The rows already held, in the new fields of 0004: from what they held and, for what
the old fields could not say, from the 2017 report's file. (Apart from 0004 and 0006:
PostgreSQL cannot alter a table in the transaction that has just changed its rows.)
"""

import datetime
from pathlib import Path

import yaml
from django.db import migrations

REPORT_FILE = Path(__file__).resolve().parents[1] / "reports" / "peel-effectiveness-2017.yaml"
PRECISION = {4: "year", 7: "month", 10: "day"}


def fill(apps, schema_editor):
    from core import append_only

    Report = apps.get_model("recommendations", "Report")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Milestone = apps.get_model("recommendations", "Milestone")
    GradeCorrection = apps.get_model("recommendations", "GradeCorrection")
    Inspection = apps.get_model("forces", "Inspection")
    InspectionArea = apps.get_model("forces", "InspectionArea")
    described = yaml.safe_load(REPORT_FILE.read_text(encoding="utf-8"))
    report = Report.objects.filter(slug=described["slug"]).first()
    if report is None:
        return  # an empty database (a test run's flush): nothing to move
    inspection = Inspection.objects.get(slug=described["inspection"]["slug"])
    published = described["published_on"]
    Report.objects.filter(pk=report.pk).update(
        # Shipped with peeltrack: known from the start of the record.
        loaded_at=datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC),
        published_precision=PRECISION[len(published)],
        source=described.get("source", "").strip(),
        responses_required=described.get("responses_required", False),
        inspection=inspection,
    )
    for item in described["items"]:
        Recommendation.objects.filter(report=report, number=item["number"]).update(
            kind=item["kind"], text_is=item["text_is"], source=item["source"]
        )
    vulnerability = InspectionArea.objects.get(inspection=inspection, slug="vulnerability")
    for milestone in Milestone.objects.all():
        scope = {
            "all_forces": {"scope": "all_forces"},
            "not_forces": {"scope": "none"},
            # The 2017 cohort: requires improvement or inadequate for vulnerability.
            "vulnerability_cohort": {
                "scope": "graded",
                "scope_area": vulnerability,
                "scope_grades": ["requires_improvement", "inadequate"],
            },
        }[milestone.default_scope]
        Milestone.objects.filter(pk=milestone.pk).update(**scope)
    # Grade corrections are append-only: their triggers step aside for this one reshaping
    # (post_migrate installs them again).
    table = GradeCorrection._meta.db_table
    append_only.drop_triggers(schema_editor.connection, table)
    areas = {area.slug: area for area in InspectionArea.objects.filter(inspection=inspection)}
    for correction in GradeCorrection.objects.all():
        GradeCorrection.objects.filter(pk=correction.pk).update(
            area_in_inspection=areas[correction.area]
        )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0004_reports_as_data")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
