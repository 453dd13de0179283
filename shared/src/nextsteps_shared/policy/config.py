"""Numbers and switches of the follow-up policy; every one configurable."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, Field


class FollowUpPolicy(BaseModel):
    """Defaults follow DESIGN.md §3. Times are local times in the owner's zone.

    - ``next_steps_note`` (``next_steps_note_minutes`` long): right when the interview ends;
      the next business day at ``follow_up_time`` after a weekend, holiday or all-day one.
    - ``thank_you`` (``thank_you_minutes`` long): at ``thank_you_time`` on the day the interview
      ends if that is still after it, else the next business day at that time.
    - follow-up (``follow_up_minutes`` long): at ``follow_up_time`` on the business day after
      the noted due date, or ``default_wait_business_days`` after the interview's date.
    - ``max_follow_up_again`` more, each ``again_after_business_days`` after the previous one.
    - Business days: Monday to Friday less the public holidays of ``holiday_country`` /
      ``holiday_subdivision`` (the ``holidays`` package) when set.
    - Interviews that ended (or whose noted window closed) more than ``skip_older_than_days``
      ago get no follow-ups at all; ``alarm_minutes_before``: the VALARM offset when rendering.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    next_steps_note: bool = True
    next_steps_note_minutes: int = Field(default=10, ge=5, le=120)
    thank_you: bool = True
    thank_you_time: time = time(17, 0)
    thank_you_minutes: int = Field(default=15, ge=5, le=120)
    follow_up_time: time = time(10, 0)
    follow_up_minutes: int = Field(default=30, ge=5, le=240)
    default_wait_business_days: int = Field(default=5, ge=1, le=60)
    again_after_business_days: int = Field(default=5, ge=1, le=60)
    max_follow_up_again: int = Field(default=2, ge=0, le=10)
    holiday_country: str | None = None  # ISO 3166 code for the ``holidays`` package, e.g. "DE"
    holiday_subdivision: str | None = None  # e.g. "BY", "CA"
    skip_older_than_days: int = Field(default=14, ge=0)
    alarm_minutes_before: int = Field(default=0, ge=0, le=1440)
