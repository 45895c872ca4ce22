"""The 2015 and 2016 effectiveness inspections' recommendations, as PEEL: Police
effectiveness 2017 tells them (recommendations/reports/peel-effectiveness-2015.yaml and
-2016.yaml), and from the 2017 report's file what 0002 could not hold: which of its
recommendations follow up which earlier ones, and its findings on the earlier milestones
(each a progress record from the report's own account).

Written here with the models as they stand at this migration; the live loader
(recommendations.loader) reads the same files, and a test checks that it finds them
loaded exactly as they describe.
"""

import datetime
from pathlib import Path

from django.db import migrations

FOLDER = Path(__file__).resolve().parents[1] / "reports"
EARLIER = ["peel-effectiveness-2015.yaml", "peel-effectiveness-2016.yaml"]
LATER = "peel-effectiveness-2017.yaml"
PRECISION = {4: "year", 7: "month", 10: "day"}


def read(name):
    from recommendations import report_files

    return report_files.shipped(FOLDER / name)


def a_date(text):
    import datetime

    if text is None:
        return None, "day"
    full = {4: f"{text}-01-01", 7: f"{text}-01", 10: text}[len(text)]
    return datetime.date.fromisoformat(full), PRECISION[len(text)]


def load(apps, schema_editor):
    Force = apps.get_model("forces", "Force")
    NationalBody = apps.get_model("forces", "NationalBody")
    Report = apps.get_model("recommendations", "Report")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Milestone = apps.get_model("recommendations", "Milestone")
    ProgressRecord = apps.get_model("recommendations", "ProgressRecord")
    if not Force.objects.exists():
        return  # an empty database (a test run's flush): the test loads what it needs
    forces = {force.slug: force for force in Force.objects.all()}

    def item_of(ref):
        return Recommendation.objects.get(
            report__slug=ref["report"], kind=ref.get("kind", "recommendation"), number=ref["number"]
        )

    for name in EARLIER:
        described = read(name)
        if Report.objects.filter(slug=described["slug"]).exists():
            continue
        for body in described.get("national_bodies", []):
            NationalBody.objects.get_or_create(slug=body["slug"], defaults={"name": body["name"]})
        bodies = {body.slug: body for body in NationalBody.objects.all()}
        published_on, precision = a_date(described.get("published_on"))
        report = Report.objects.create(
            slug=described["slug"],
            title=described["title"],
            inspectorate=described.get("inspectorate", "HMICFRS"),
            published_on=published_on,
            published_precision=precision,
            published_label=described.get("published_label", ""),
            responses_required=described.get("responses_required", False),
            source=(described.get("source") or "").strip(),
            # Shipped with peeltrack: known from the start of the record.
            loaded_at=datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC),
        )
        for item in described["items"]:
            made = Recommendation.objects.create(
                report=report,
                kind=item["kind"],
                number=item["number"],
                theme=item["theme"],
                text=item["text"],
                text_is=item["text_is"],
                source=item["source"],
                also_asks=item.get("also_asks", ""),
                force=forces[item["force"]] if item.get("force") else None,
            )
            made.follows_up.set([item_of(ref) for ref in item.get("follows_up", [])])
            for milestone in item.get("milestones", []):
                due_on, _ = a_date(milestone["due_on"])
                owner = milestone["owner"]
                scope = milestone.get("scope")
                listed = scope.get("forces", []) if isinstance(scope, dict) else []
                created = Milestone.objects.create(
                    recommendation=made,
                    code=milestone["code"],
                    description=milestone["description"],
                    due_on=due_on,
                    due_label=milestone.get("due_label", ""),
                    owner="forces" if owner == "forces" else "national_body",
                    national_body=None if owner == "forces" else bodies[owner],
                    partners=milestone.get("partners", ""),
                    scope=(
                        "none"
                        if owner != "forces"
                        else ("all_forces" if scope == "all_forces" else "listed")
                    ),
                )
                created.scope_forces.set([forces[slug] for slug in listed])

    later = read(LATER)
    report = Report.objects.get(slug=later["slug"])
    for item in later["items"]:
        made = Recommendation.objects.get(report=report, kind=item["kind"], number=item["number"])
        made.follows_up.set([item_of(ref) for ref in item.get("follows_up", [])])
    bodies = {body.slug: body for body in NationalBody.objects.all()}
    for finding in later.get("findings", []):
        milestone = Milestone.objects.get(code=finding["milestone"])
        effective_on, precision = a_date(finding["effective_on"])
        owner = finding.get("owner")
        is_force = milestone.owner == "forces"
        ProgressRecord.objects.create(
            milestone=milestone,
            force=forces[owner] if is_force else None,
            national_body=None if is_force else bodies[owner or milestone.national_body.slug],
            status=finding["status"],
            effective_on=effective_on,
            effective_precision=precision,
            note=finding["text"].strip(),
            source="report",
            citation=f"{report.title}, {finding['source'].strip()}"[:300],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_drop_old_fields"),
        ("forces", "0005_remove_force_grade_columns"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
