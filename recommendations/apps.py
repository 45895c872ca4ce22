from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """Reports, recommendations, milestones, scope, progress records and the as-of rule."""

    name = "recommendations"
    verbose_name = "Reports, recommendations and progress"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["ProgressRecord", "ScopeChange", "DueDateChange", "GradeCorrection"]
    # What every page reads and people rarely change (see audit.reference).
    reference_data = [
        "Report",
        "Recommendation",
        "Recommendation.follows_up",
        "Milestone",
        "Milestone.scope_forces",
        "ScopeChange",
        "DueDateChange",
        "GradeCorrection",
    ]
