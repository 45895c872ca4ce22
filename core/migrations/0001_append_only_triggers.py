"""The database refuses UPDATE and DELETE on the append-only tables (core.append_only).

post_migrate installs the triggers again after every later migration, because a
migration that rebuilds a table on SQLite drops its triggers with it.
"""

from django.db import migrations


def install(apps, schema_editor):
    from core import append_only

    append_only.install(schema_editor.connection.alias)


def remove(apps, schema_editor):
    from core import append_only

    with schema_editor.connection.cursor() as cursor:
        for table in append_only.append_only_tables():
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_update"')
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_delete"')


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("plans", "0001_initial"),
        ("recommendations", "0002_load_peel_effectiveness_2017"),
    ]
    operations = [migrations.RunPython(install, remove)]
