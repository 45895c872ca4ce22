"""The old fields go: a milestone's default scope (now its scope) and a grade
correction's area by name (now the inspection area)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0005_fill_reports_as_data")]

    operations = [
        migrations.RemoveField(
            model_name="milestone",
            name="default_scope",
        ),
        migrations.RemoveField(
            model_name="gradecorrection",
            name="area",
        ),
        migrations.RenameField(
            model_name="gradecorrection",
            old_name="area_in_inspection",
            new_name="area",
        ),
        migrations.AlterField(
            model_name="gradecorrection",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="grade_corrections",
                to="forces.inspectionarea",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("national_body__isnull", True),
                        ("owner", "forces"),
                        models.Q(("scope", "none"), _negated=True),
                    ),
                    models.Q(
                        ("national_body__isnull", False),
                        ("owner", "national_body"),
                        ("scope", "none"),
                    ),
                    _connector="OR",
                ),
                name="milestone_owner_is_forces_or_one_national_body",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("scope", "graded"), ("scope_area__isnull", False)),
                    models.Q(
                        models.Q(("scope", "graded"), _negated=True), ("scope_area__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="a_graded_scope_and_only_it_names_an_area",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.UniqueConstraint(
                fields=("report", "kind", "number"), name="one_number_per_kind_and_report"
            ),
        ),
    ]
