"""Text limits and character rules declared on the fields (core.text).

State only: a TextField's max_length and a field's validators are checked by Django,
not by the database, so nothing in the tables changes (and SQLite is spared rebuilding
them, the history among them, for nothing).
"""

from django.db import migrations, models

import core.text


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_load_peel_effectiveness_2017"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="duedatechange",
                    name="reason",
                    field=models.TextField(
                        max_length=5000, validators=[core.text.PlainText("the reason")]
                    ),
                ),
                migrations.AlterField(
                    model_name="gradecorrection",
                    name="reason",
                    field=models.TextField(
                        max_length=5000, validators=[core.text.PlainText("the reason")]
                    ),
                ),
                migrations.AlterField(
                    model_name="progressrecord",
                    name="note",
                    field=models.TextField(
                        blank=True,
                        help_text="Summary of the evidence.",
                        max_length=10000,
                        validators=[core.text.PlainText("the note")],
                    ),
                ),
                migrations.AlterField(
                    model_name="scopechange",
                    name="reason",
                    field=models.TextField(
                        max_length=5000, validators=[core.text.PlainText("the reason")]
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
