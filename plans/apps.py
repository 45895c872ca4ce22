from django.apps import AppConfig
from django.conf import settings
from django.utils import translation


class PlansConfig(AppConfig):
    """Forces' action plans, actions, evidence, submissions and their assessment."""

    name = "plans"
    verbose_name = "Action plans"
    append_only = ["TargetDateSlip"]

    def ready(self) -> None:
        # The forms' fields are made once, when their module is first imported; the
        # shared fields (core.forms) word some messages then. Imported here, in the
        # site's own language, they never take the language of whichever page happened
        # to be asked for first.
        with translation.override(settings.LANGUAGE_CODE):
            from . import forms  # noqa: F401
