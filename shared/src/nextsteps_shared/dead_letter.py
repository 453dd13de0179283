"""The dead letter: a message the planner gave up on, kept with why (``nextsteps status``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict


class DeadLetter(BaseModel):
    """A message the planner gave up on, kept with why, for ``nextsteps status``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str
    body: str
    error: str
    attempts: int
    failed_at: AwareDatetime


def failed_now(subject: str, body: bytes, error: BaseException, attempts: int) -> DeadLetter:
    """A dead letter for ``body`` that failed with ``error`` after ``attempts`` tries."""
    return DeadLetter(
        subject=subject,
        body=body.decode("utf-8", "replace"),
        attempts=attempts,
        error=f"{type(error).__name__}: {error}",
        failed_at=datetime.now().astimezone(),
    )
