"""Turning scheduled steps into follow-ups: titles, descriptions, drafts, links and ids."""

from __future__ import annotations

from collections.abc import Sequence

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.people import Person
from nextsteps_shared.policy.brief import InterviewBrief
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.policy.description import (
    follow_up_again_description,
    follow_up_description,
    note_description,
    thank_you_description,
)
from nextsteps_shared.policy.drafts import (
    Draft,
    follow_up_again_draft,
    follow_up_draft,
    thank_you_draft,
)
from nextsteps_shared.policy.identity import followup_uid
from nextsteps_shared.policy.mailto import mailto_link
from nextsteps_shared.policy.phrasing import short_day_text
from nextsteps_shared.policy.schedule import Step
from nextsteps_shared.policy.silence import silence_reason


class FollowUpComposer:
    """Writes the follow-ups of one interview's chain."""

    def __init__(self, brief: InterviewBrief, zone_name: str, policy: FollowUpPolicy) -> None:
        self.brief = brief
        self.zone_name = zone_name
        self.policy = policy

    def compose(self, steps: Sequence[Step]) -> tuple[FollowUp, ...]:
        """One follow-up per step; ``follow_up_again`` drafts name the step before them."""
        made: list[FollowUp] = []
        previous: Step | None = None
        for step in steps:
            made.append(self._one(step, previous))
            previous = step
        return tuple(made)

    def _one(self, step: Step, previous: Step | None) -> FollowUp:
        summary, description, mailto = self._texts(step, previous)
        return FollowUp(
            uid=followup_uid(self.brief.key, step.kind, step.attempt),
            kind=step.kind,
            attempt=step.attempt,
            interview_key=self.brief.key,
            start=step.start,
            end=step.end,
            timezone=self.zone_name,
            summary=summary,
            description=description,
            contacts=self.brief.contacts.addresses,
            mailto=mailto,
        )

    def _texts(self, step: Step, previous: Step | None) -> tuple[str, str, str | None]:
        brief = self.brief
        if step.kind is FollowUpKind.NEXT_STEPS_NOTE:
            return f"Write down the next steps: {brief.label}", note_description(brief), None
        if step.kind is FollowUpKind.THANK_YOU:
            draft = thank_you_draft(brief)
            link = self._link(draft, brief.contacts.interviewers)
            return (
                f"Send a thank-you note: {brief.label}",
                thank_you_description(brief, draft, link),
                link,
            )
        reason = silence_reason(brief.key, step.attempt)
        if step.kind is FollowUpKind.FOLLOW_UP or previous is None:
            draft = follow_up_draft(brief)
            link = self._link(draft)
            wait = self.policy.default_wait_business_days
            return (
                f"Follow up now: {brief.headline}",
                follow_up_description(brief, draft, link, reason, wait),
                link,
            )
        return self._again(step, previous, reason)

    def _again(self, step: Step, previous: Step, reason: str) -> tuple[str, str, str]:
        last = short_day_text(previous.start.date())
        draft = follow_up_again_draft(self.brief, last, step.attempt)
        link = self._link(draft)
        description = follow_up_again_description(self.brief, draft, link, reason, last)
        return f"Follow up again: {self.brief.headline}", description, link

    def _link(self, draft: Draft, to: Sequence[Person] | None = None) -> str:
        people = self.brief.contacts.people if to is None else to
        return mailto_link((p.email for p in people), draft.subject, draft.parts)
