from .dashboard import dashboard
from .recommendations import recommendation_detail
from .records import milestone_history, record, scope
from .reports import overdue_report

__all__ = [
    "dashboard",
    "milestone_history",
    "overdue_report",
    "recommendation_detail",
    "record",
    "scope",
]
