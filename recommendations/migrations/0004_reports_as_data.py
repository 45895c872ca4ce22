"""Reports as data: an item's kind, how its text is known and where it is, the report's
inspection, milestones that may be undated and whose scope is the report's own (every
force, the forces it names, or the forces an inspection graded so in an area), grade
corrections by inspection area, and progress records that cite a report.

The rows already held move into the new fields in 0005; 0006 drops the old fields.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import core.text


class Migration(migrations.Migration):
    dependencies = [
        ("forces", "0004_judgments_of_2017"),
        ("recommendations", "0003_text_limits_and_rules"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="milestone",
            options={"ordering": [models.OrderBy(models.F("due_on"), nulls_last=True), "code"]},
        ),
        migrations.AlterModelOptions(
            name="recommendation",
            options={"ordering": ["report", "kind", "number"]},
        ),
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": [
                    models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                    "slug",
                ]
            },
        ),
        migrations.RemoveConstraint(
            model_name="milestone",
            name="milestone_owner_is_forces_or_one_national_body",
        ),
        migrations.RemoveConstraint(
            model_name="recommendation",
            name="one_number_per_report",
        ),
        migrations.AddField(
            model_name="milestone",
            name="scope",
            field=models.CharField(
                choices=[
                    ("all_forces", "Every force"),
                    ("listed", "The forces the report names"),
                    ("graded", "The forces an inspection graded so in an area"),
                    ("none", "No force (a national body's milestone)"),
                ],
                default="all_forces",
                help_text="Which forces the report's own scope covers (scope changes move a force in or out from a date).",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="milestone",
            name="scope_area",
            field=models.ForeignKey(
                blank=True,
                help_text="For a graded scope: the inspection's area.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scoped_milestones",
                to="forces.inspectionarea",
            ),
        ),
        migrations.AddField(
            model_name="milestone",
            name="scope_forces",
            field=models.ManyToManyField(
                blank=True,
                help_text="For a listed scope.",
                related_name="listed_in",
                to="forces.force",
            ),
        ),
        migrations.AddField(
            model_name="milestone",
            name="scope_grades",
            field=models.JSONField(
                blank=True, default=list, help_text="For a graded scope: the grades it covers."
            ),
        ),
        migrations.AddField(
            model_name="progressrecord",
            name="citation",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="For a report's finding: the report, and where in it the finding is.",
                max_length=300,
                validators=[core.text.PlainText("the citation")],
            ),
        ),
        migrations.AddField(
            model_name="progressrecord",
            name="effective_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                db_default="day",
                default="day",
                help_text="How much of the effective date is known: a report may give only its month.",
                max_length=5,
            ),
        ),
        migrations.RenameField(
            model_name="recommendation",
            old_name="follow_up",
            new_name="also_asks",
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="also_asks",
            field=models.TextField(
                blank=True,
                help_text="What the report asks for 'as soon as possible': tracked as actions, never overdue.",
                max_length=2000,
                validators=[core.text.PlainText("what it also asks")],
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="follows_up",
            field=models.ManyToManyField(
                blank=True,
                help_text="Earlier items this one makes again.",
                related_name="followed_up_by",
                to="recommendations.recommendation",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="force",
            field=models.ForeignKey(
                blank=True,
                help_text="The force an item addressed to one force is for.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="forces.force",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("recommendation", "Recommendation"),
                    ("cause_of_concern", "Cause of concern"),
                    ("area_for_improvement", "Area for improvement"),
                ],
                default="recommendation",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Where the text is: the report's section (and page).",
                max_length=300,
                validators=[core.text.PlainText("the source")],
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="text_is",
            field=models.CharField(
                choices=[
                    ("verbatim", "The report's own words"),
                    ("summary", "Known only from a later report's account"),
                ],
                default="verbatim",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="inspection",
            field=models.OneToOneField(
                blank=True,
                help_text="The graded inspection this report publishes, if it publishes one.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="report",
                to="forces.inspection",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="published_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                default="day",
                max_length=5,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="responses_required",
            field=models.BooleanField(
                default=False,
                help_text="Local policing bodies must publish comments within 56 days (s55 Police Act 1996).",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="source",
            field=models.TextField(
                blank=True,
                help_text="Where the report's text comes from.",
                max_length=500,
                validators=[core.text.PlainText("the source")],
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="loaded_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When it was loaded: pages as known on an earlier day leave it out. "
                "The reports peeltrack ships count as known from the start of the record.",
            ),
        ),
        migrations.AlterField(
            model_name="duedatechange",
            name="old_due_on",
            field=models.DateField(blank=True, help_text="Empty: it was undated.", null=True),
        ),
        migrations.AddField(
            model_name="gradecorrection",
            name="area_in_inspection",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="forces.inspectionarea",
            ),
        ),
        migrations.AlterField(
            model_name="gradecorrection",
            name="new_grade",
            field=models.CharField(
                choices=[
                    ("outstanding", "Outstanding"),
                    ("good", "Good"),
                    ("adequate", "Adequate"),
                    ("requires_improvement", "Requires improvement"),
                    ("inadequate", "Inadequate"),
                ],
                max_length=24,
            ),
        ),
        migrations.AlterField(
            model_name="gradecorrection",
            name="old_grade",
            field=models.CharField(
                choices=[
                    ("outstanding", "Outstanding"),
                    ("good", "Good"),
                    ("adequate", "Adequate"),
                    ("requires_improvement", "Requires improvement"),
                    ("inadequate", "Inadequate"),
                ],
                max_length=24,
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="description",
            field=models.CharField(
                max_length=250, validators=[core.text.PlainText("the description")]
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="due_label",
            field=models.CharField(
                blank=True,
                help_text="The deadline as the report words it (never changed).",
                max_length=60,
                validators=[core.text.PlainText("the deadline")],
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="due_on",
            field=models.DateField(
                blank=True,
                help_text="The due date now, or empty for 'as soon as possible' (never overdue). It changes only by a due date change, which keeps the earlier date.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="partners",
            field=models.CharField(
                blank=True,
                help_text="Who the owner works with, as the report says.",
                max_length=200,
                validators=[core.text.PlainText("the partners")],
            ),
        ),
        migrations.AlterField(
            model_name="progressrecord",
            name="source",
            field=models.CharField(
                choices=[
                    ("web", "Recorded in peeltrack"),
                    ("admin", "Recorded in the admin"),
                    ("import", "Imported from a file"),
                    ("api", "Recorded through the API"),
                    ("report", "From a report's own account"),
                ],
                default="web",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="text",
            field=models.TextField(max_length=10000, validators=[core.text.PlainText("the text")]),
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="theme",
            field=models.CharField(max_length=100, validators=[core.text.PlainText("the theme")]),
        ),
        migrations.AlterField(
            model_name="report",
            name="inspectorate",
            field=models.CharField(
                default="HMICFRS",
                max_length=100,
                validators=[core.text.PlainText("the inspectorate")],
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="published_label",
            field=models.CharField(
                blank=True,
                help_text="As the report prints it, or what is known of the date.",
                max_length=60,
                validators=[core.text.PlainText("the date as printed")],
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="published_on",
            field=models.DateField(
                blank=True,
                help_text="The day; the first day of the month or year when only that is known (published_precision); empty when it is not known.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="title",
            field=models.CharField(max_length=200, validators=[core.text.PlainText("the title")]),
        ),
    ]
