from .dashboard import dashboard
from .recommendations import recommendation_detail
from .records import milestone_history, record, scope
from .report_pages import (
    legacy_recommendation,
    load,
    national_picture,
    repeated,
    report_detail,
    report_list,
)
from .reports import overdue_report

__all__ = [
    "dashboard",
    "legacy_recommendation",
    "load",
    "milestone_history",
    "national_picture",
    "overdue_report",
    "recommendation_detail",
    "record",
    "repeated",
    "report_detail",
    "report_list",
    "scope",
]
