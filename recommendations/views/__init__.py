from .dashboard import dashboard
from .recommendations import recommendation_detail
from .reports import overdue_report

__all__ = ["dashboard", "overdue_report", "recommendation_detail"]
