"""Numbers and switches of the follow-up policy; every one configurable."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, Field


class FollowUpPolicy(BaseModel):
    """Defaults follow DESIGN.md §3."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    next_steps_note: bool = True
    next_steps_note_minutes: int = Field(default=10, ge=5, le=120)
    thank_you: bool = True
    thank_you_time: time = time(17, 0)
    follow_up_time: time = time(10, 0)
    follow_up_minutes: int = Field(default=30, ge=5, le=240)
    default_wait_business_days: int = Field(default=5, ge=1, le=60)
    again_after_business_days: int = Field(default=5, ge=1, le=60)
    max_follow_up_again: int = Field(default=2, ge=0, le=10)
    holiday_country: str | None = None  # ISO 3166 code for the ``holidays`` package, e.g. "DE"
    holiday_subdivision: str | None = None  # e.g. "BY", "CA"
    skip_older_than_days: int = Field(default=14, ge=0)
    alarm_minutes_before: int = Field(default=0, ge=0, le=1440)
