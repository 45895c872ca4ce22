from .assessments import queue, submission_detail
from .force_page import force_detail, my_force
from .plans import (
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

__all__ = [
    "action_add",
    "action_edit",
    "edit_summary",
    "evidence_add",
    "evidence_download",
    "evidence_withdraw",
    "force_detail",
    "my_force",
    "plan_detail",
    "plan_submit",
    "queue",
    "start_plan",
    "submission_detail",
]
