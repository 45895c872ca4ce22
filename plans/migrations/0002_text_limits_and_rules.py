"""Text limits and character rules declared on the fields (core.text).

State only: a TextField's max_length and a field's validators are checked by Django,
not by the database, so nothing in the tables changes (and SQLite is spared rebuilding
them, the history among them, for nothing).
"""

from django.db import migrations, models

import core.text


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="description",
                    field=models.TextField(
                        max_length=2000, validators=[core.text.PlainText("what the force will do")]
                    ),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="owner",
                    field=models.CharField(
                        help_text="The person or team in the force.",
                        max_length=150,
                        validators=[core.text.PlainText("who owns this action")],
                    ),
                ),
                migrations.AlterField(
                    model_name="actionplan",
                    name="summary",
                    field=models.TextField(
                        blank=True, max_length=5000, validators=[core.text.PlainText("the summary")]
                    ),
                ),
                migrations.AlterField(
                    model_name="evidence",
                    name="original_name",
                    field=models.CharField(
                        max_length=255, validators=[core.text.PlainText("the file's name")]
                    ),
                ),
                migrations.AlterField(
                    model_name="evidence",
                    name="title",
                    field=models.CharField(
                        max_length=200, validators=[core.text.PlainText("the title")]
                    ),
                ),
                migrations.AlterField(
                    model_name="evidence",
                    name="withdrawal_reason",
                    field=models.TextField(
                        blank=True,
                        max_length=5000,
                        validators=[
                            core.text.PlainText("the reason for withdrawing this evidence")
                        ],
                    ),
                ),
                migrations.AlterField(
                    model_name="submission",
                    name="decision_note",
                    field=models.TextField(
                        blank=True, max_length=10000, validators=[core.text.PlainText("the note")]
                    ),
                ),
                migrations.AlterField(
                    model_name="submission",
                    name="summary",
                    field=models.TextField(
                        max_length=10000,
                        validators=[core.text.PlainText("what you are submitting")],
                    ),
                ),
                migrations.AlterField(
                    model_name="targetdateslip",
                    name="reason",
                    field=models.TextField(
                        max_length=2000,
                        validators=[core.text.PlainText("the reason for the new target date")],
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
