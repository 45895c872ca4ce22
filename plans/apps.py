from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Forces' action plans, actions, evidence, submissions and their assessment."""

    name = "plans"
    verbose_name = "Action plans"
    append_only = ["TargetDateSlip"]
