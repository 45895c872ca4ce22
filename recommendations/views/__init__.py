from .action_plans import (
    action_add,
    action_edit,
    edit_summary,
    evidence_add,
    evidence_download,
    evidence_withdraw,
    plan_detail,
    plan_submit,
    start_plan,
)
from .assessments import queue, record, scope, submission_detail
from .dashboard import dashboard
from .recommendations import recommendation_detail
from .reports import activity, overdue_report

__all__ = [
    "action_add",
    "action_edit",
    "activity",
    "dashboard",
    "edit_summary",
    "evidence_add",
    "evidence_download",
    "evidence_withdraw",
    "overdue_report",
    "plan_detail",
    "plan_submit",
    "queue",
    "recommendation_detail",
    "record",
    "scope",
    "start_plan",
    "submission_detail",
]
