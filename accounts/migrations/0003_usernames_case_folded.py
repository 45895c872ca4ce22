"""Usernames stored as they are compared: NFKC-normalised and case-folded
(accounts.models.username_key), so "ｋｅｎｔ１", "Kent1" and "kent1" are one name."""

import unicodedata

import django.db.models.functions.text
from django.db import migrations, models

import accounts.models


def fold_usernames(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken: dict[str, str] = {}
    changes = []
    for pk, username in User.objects.order_by("pk").values_list("pk", "username"):
        # The same rule as accounts.models.username_key, frozen here as migrations must be.
        folded = unicodedata.normalize("NFKC", username).strip().casefold()
        if folded in taken:
            raise RuntimeError(
                f"The usernames {taken[folded]!r} and {username!r} become the same name "
                f"({folded!r}) when compared as people type them. Rename one of them in the "
                "admin, then migrate again. Nothing was changed."
            )
        taken[folded] = username
        if folded != username:
            changes.append((pk, folded))
    for pk, folded in changes:
        User.objects.filter(pk=pk).update(username=folded)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_tokens"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("forces", "0002_load_2017_forces"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", accounts.models.PersonManager())],
        ),
        migrations.RunPython(fold_usernames, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("username", django.db.models.functions.text.Lower("username"))),
                name="username_is_stored_case_folded",
            ),
        ),
    ]
