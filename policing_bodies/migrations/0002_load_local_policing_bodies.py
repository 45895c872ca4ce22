"""The 43 forces' local policing bodies since 2012, from the cited reference file
(policing_bodies/reference/local-policing-bodies.yaml), all or nothing."""

from django.db import migrations


def load(apps, schema_editor):
    from policing_bodies import reference

    Force = apps.get_model("forces", "Force")
    LocalPolicingBody = apps.get_model("policing_bodies", "LocalPolicingBody")
    forces = {f.slug: f for f in Force.objects.all()}
    rows = reference.read(force_slugs=set(forces))
    LocalPolicingBody.objects.bulk_create(
        LocalPolicingBody(**{**row, "force": forces[row["force"]]}) for row in rows
    )


def unload(apps, schema_editor):
    apps.get_model("policing_bodies", "LocalPolicingBody").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policing_bodies", "0001_initial"),
        ("forces", "0005_remove_force_grade_columns"),
    ]

    operations = [migrations.RunPython(load, unload)]
