"""Short draft messages the owner can send as they are or adjust: warm, brief and specific.

A body is kept as the pieces it is made of (fixed sentences and the interview's details), so the
``mailto:`` link can encode each fixed sentence once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nextsteps_shared.people import Person
from nextsteps_shared.policy.brief import InterviewBrief
from nextsteps_shared.policy.contacts import is_role_account
from nextsteps_shared.policy.phrasing import first_name, short_day_text

_MAX_GREETED = 3
_FIRST_ASK = (
    "Could you let me know where things stand, or point me to the right person if someone "
    "else is looking after the process now?"
)
_LATER_ASK = "Even a short note on whether the role is still open would help me plan."


@dataclass(frozen=True, slots=True)
class Draft:
    """A message: its subject and the pieces of its body (plain text, ``\\n`` line breaks)."""

    subject: str
    parts: tuple[str, ...]

    @property
    def body(self) -> str:
        return "".join(self.parts)


def thank_you_draft(brief: InterviewBrief) -> Draft:
    """Sent the same or the next business day."""
    return Draft(
        subject=f"Thank you — {brief.headline}",
        parts=(
            greeting(brief.contacts.interviewers),
            "\n\nThank you for your time on ",
            brief.day,
            " and for ",
            brief.conversation,
            " about ",
            brief.position,
            ". I enjoyed learning more about the team and the work, and I am even more "
            "interested in the opportunity.\n\nI look forward to hearing about the next steps."
            "\n\nBest regards,",
        ),
    )


def follow_up_draft(brief: InterviewBrief) -> Draft:
    """The first nudge, once the window the employer named has passed."""
    promised: tuple[str, ...] = ()
    if brief.due is not None:
        promised = (
            " You mentioned I could expect to hear back by ",
            short_day_text(brief.due),
            ", so I wanted to check in.",
        )
    return Draft(
        subject=f"Following up — {brief.headline}",
        parts=(
            greeting(brief.contacts.people),
            "\n\nI hope you are well. I am following up on ",
            brief.conversation,
            " on ",
            brief.day,
            " about ",
            brief.position,
            ".",
            *promised,
            " Is there any update on the next steps or the timeline?\n\nI am still very "
            "interested and happy to provide anything else you need.\n\nThank you,",
        ),
    )


def follow_up_again_draft(brief: InterviewBrief, previous_day: str, attempt: int) -> Draft:
    """A later nudge: shorter, names the earlier message, and asks who else to ask."""
    return Draft(
        subject=f"Checking in again — {brief.headline}",
        parts=(
            greeting(brief.contacts.people),
            "\n\nI wanted to check in once more about ",
            brief.position,
            ". We spoke on ",
            brief.day,
            " and I last wrote on ",
            previous_day,
            ". ",
            _FIRST_ASK if attempt == 1 else _LATER_ASK,
            "\n\nI remain keen on the opportunity.\n\nThank you,",
        ),
    )


def greeting(people: Sequence[Person]) -> str:
    """``Hi Jane,`` / ``Hi Jane and Marc,``; ``Hello,`` when a name is missing or too many.

    Shared inboxes (``talent@``, "Acme Talent Team") are written to but not greeted by name.
    """
    found = [first_name(p) for p in people if not is_role_account(p)]
    names = list(dict.fromkeys(n for n in found if n))
    if not names or len(names) > _MAX_GREETED or None in found:
        return "Hello,"
    if len(names) == 1:
        return f"Hi {names[0]},"
    return f"Hi {', '.join(names[:-1])} and {names[-1]},"
