"""The four Welsh forces' official Welsh names, beside the English of Annex B.

Sources (each force's own Welsh name, as its bilingual website and title use it):
- Wikipedia, "Police forces of Wales" (permanent link, revision of 4 November 2022):
  https://en.wikipedia.org/w/index.php?title=Police_forces_of_Wales&oldid=1119963454
  gives Heddlu De Cymru, Heddlu Gogledd Cymru, Heddlu Dyfed–Powys and Heddlu Gwent;
  its article on the force, https://en.wikipedia.org/wiki/Dyfed-Powys_Police, writes
  Heddlu Dyfed-Powys with the hyphen the force's English name has, as here.
- North Wales Police's own Welsh address: https://www.heddlugogleddcymru.police.uk/
No English force has an official Welsh name: its name is shown as it is.
"""

from django.db import migrations, models

WELSH_NAMES = {
    "dyfed-powys": "Heddlu Dyfed-Powys",
    "gwent": "Heddlu Gwent",
    "north-wales": "Heddlu Gogledd Cymru",
    "south-wales": "Heddlu De Cymru",
}


def name_in_welsh(apps, schema_editor):
    Force = apps.get_model("forces", "Force")
    for slug, name in WELSH_NAMES.items():
        updated = Force.objects.filter(slug=slug).update(name_cy=name)
        assert updated == 1, f"No force {slug!r} to name in Welsh"


def unname(apps, schema_editor):
    apps.get_model("forces", "Force").objects.update(name_cy="")


class Migration(migrations.Migration):
    dependencies = [("forces", "0005_remove_force_grade_columns")]

    operations = [
        migrations.AddField(
            model_name="force",
            name="name_cy",
            field=models.CharField(
                blank=True,
                help_text="The force's official Welsh name, where it has one (sources in "
                "forces/migrations/0006_welsh_names.py); empty where it has none.",
                max_length=100,
            ),
        ),
        migrations.RunPython(name_in_welsh, unname),
    ]
