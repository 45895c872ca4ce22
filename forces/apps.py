from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "forces"
    verbose_name = "Forces and national bodies"
    # What every page reads and people rarely change (see audit.reference).
    reference_data = ["Force", "NationalBody", "Inspection", "InspectionArea", "Judgment"]
