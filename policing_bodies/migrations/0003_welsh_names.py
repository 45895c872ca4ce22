"""The Welsh names of the four Welsh forces' police and crime commissioners, beside the
English of the reference file, each as the commissioner's own Welsh pages write it.

Sources (read 2026-12-03):
- Dyfed-Powys: "Comisiynydd Heddlu a Throseddu Dyfed-Powys",
  http://www.dyfedpowys-pcc.org.uk/cy/etholiadau-2021/
- Gwent: "Swyddfa Comisiynydd yr Heddlu a Throsedd Gwent" (the commissioner's office),
  https://gwent.pcc.police.uk/cy/cysylltwch-a-ni/cwynion-golwg-gyffredinol/cwynion-yn-erbyn-y-prif-gwnstabl
- North Wales: "Comisiynydd Heddlu a Throsedd Gogledd Cymru",
  https://www.northwales-pcc.gov.uk/cy/etholiad-comisiynydd-heddlu-throsedd (the office's
  Welsh title) and its page "Rôl a Chyfrifoldebau Statudol" (/cy/rol-chyfrifoldebau-statudol)
- South Wales: "Comisiynydd yr Heddlu a Throseddu De Cymru",
  https://www.comisiynydddecymru.org.uk/rol-a-phwerau-cyfreithiol/
The commissioners write "Trosedd" and "Throseddu" differently; each is named as it names
itself. No English body has an official Welsh name: its name is shown as it is.
"""

from django.db import migrations, models

WELSH_NAMES = {
    "dyfed-powys": "Comisiynydd Heddlu a Throseddu Dyfed-Powys",
    "gwent": "Comisiynydd yr Heddlu a Throsedd Gwent",
    "north-wales": "Comisiynydd Heddlu a Throsedd Gogledd Cymru",
    "south-wales": "Comisiynydd yr Heddlu a Throseddu De Cymru",
}


def name_in_welsh(apps, schema_editor):
    LocalPolicingBody = apps.get_model("policing_bodies", "LocalPolicingBody")
    for slug, name in WELSH_NAMES.items():
        updated = LocalPolicingBody.objects.filter(force__slug=slug, kind="pcc").update(
            name_cy=name
        )
        assert updated == 1, f"No single commissioner of {slug!r} to name in Welsh"


def unname(apps, schema_editor):
    apps.get_model("policing_bodies", "LocalPolicingBody").objects.update(name_cy="")


class Migration(migrations.Migration):
    dependencies = [("policing_bodies", "0002_load_local_policing_bodies")]

    operations = [
        migrations.AddField(
            model_name="localpolicingbody",
            name="name_cy",
            field=models.CharField(
                blank=True,
                help_text="The body's official Welsh name, where it has one (sources in "
                "policing_bodies/migrations/0003_welsh_names.py); empty where it has none.",
                max_length=200,
            ),
        ),
        migrations.RunPython(name_in_welsh, unname),
    ]
