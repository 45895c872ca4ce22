from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "forces"
    verbose_name = "Forces and national bodies"
