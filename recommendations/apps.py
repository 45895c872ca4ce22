from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """Reports, recommendations, milestones, scope, progress records and the as-of rule."""

    name = "recommendations"
    verbose_name = "Reports, recommendations and progress"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["ProgressRecord", "ScopeChange", "DueDateChange", "GradeCorrection"]
