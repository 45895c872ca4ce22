"""Grades live in forces.Judgment now (0004 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("forces", "0004_judgments_of_2017")]

    operations = [
        migrations.RemoveField(model_name="force", name=name)
        for name in [
            "grade_crime_prevention",
            "grade_investigation",
            "grade_vulnerability",
            "grade_serious_organised_crime",
            "grade_overall",
        ]
    ]
