"""The follow-up policy (DESIGN.md §3) as pure functions."""

from __future__ import annotations

from nextsteps_shared.policy.business_days import BusinessCalendar, business_calendar
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.policy.identity import followup_uid
from nextsteps_shared.policy.planning import is_stale, plan_followups

__all__ = [
    "BusinessCalendar",
    "FollowUpPolicy",
    "business_calendar",
    "followup_uid",
    "is_stale",
    "plan_followups",
]
