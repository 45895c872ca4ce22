"""Graded inspections, their areas, and one judgment row per force and area: grades
stop being five columns of Force named for 2017 (0004 moves them, 0005 drops the
columns)."""

import django.db.models.deletion
from django.db import migrations, models

import core.text

GRADES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("adequate", "Adequate"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
]


class Migration(migrations.Migration):
    dependencies = [("forces", "0002_load_2017_forces")]

    operations = [
        migrations.CreateModel(
            name="Inspection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(unique=True)),
                (
                    "title",
                    models.CharField(max_length=200, validators=[core.text.PlainText("the title")]),
                ),
                (
                    "scale",
                    models.JSONField(
                        default=list,
                        help_text="The grades this inspection gives, best first (Grade's values).",
                    ),
                ),
            ],
            options={"ordering": ["-id"]},
        ),
        migrations.CreateModel(
            name="InspectionArea",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.CharField(max_length=30)),
                (
                    "name",
                    models.CharField(max_length=100, validators=[core.text.PlainText("the name")]),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(help_text="Its place in the report's table."),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="areas",
                        to="forces.inspection",
                    ),
                ),
            ],
            options={
                "ordering": ["inspection", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inspection", "slug"), name="one_area_slug_in_an_inspection"
                    ),
                    models.UniqueConstraint(
                        fields=("inspection", "position"),
                        name="one_area_a_place_in_an_inspection",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Judgment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("grade", models.CharField(choices=GRADES, max_length=24)),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgments",
                        to="forces.inspectionarea",
                    ),
                ),
                (
                    "force",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgments",
                        to="forces.force",
                    ),
                ),
            ],
            options={
                "ordering": ["area__inspection", "force__name", "area__position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("area", "force"), name="one_judgment_a_force_and_area"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(grade__in=[g for g, _ in GRADES]),
                        name="judgment_grade_is_known",
                    ),
                ],
            },
        ),
        migrations.AlterField(
            model_name="nationalbody",
            name="name",
            field=models.CharField(
                max_length=150, unique=True, validators=[core.text.PlainText("the name")]
            ),
        ),
    ]
