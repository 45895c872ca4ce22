"""PEEL: Police effectiveness 2017's file now says its local policing bodies respond
within 56 days (see the comment beside responses_required in its file)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Report = apps.get_model("recommendations", "Report")
    Report.objects.filter(slug="peel-effectiveness-2017").update(responses_required=True)


def backwards(apps, schema_editor):
    Report = apps.get_model("recommendations", "Report")
    Report.objects.filter(slug="peel-effectiveness-2017").update(responses_required=False)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0008_reports_newest_first")]

    operations = [migrations.RunPython(forwards, backwards)]
