"""The description of each follow-up: personal, specific, and useful without opening anything.

Every description names the interview (when, in the owner's zone, and with whom); the ones that
ask the owner to write also say to whom, carry a draft and a ``mailto:`` link, and the chasing
ones end with one line on why employers go quiet (DESIGN.md §1).
"""

from __future__ import annotations

from nextsteps_shared.people import Person
from nextsteps_shared.policy.brief import InterviewBrief
from nextsteps_shared.policy.drafts import Draft
from nextsteps_shared.policy.phrasing import person_text, short_day_text

EXAMPLE_NOTE = "Next steps: hiring manager call, decision by Friday"
OUTCOME_TAGS = ("#offer", "#rejected", "#heard-back", "#withdrawn")
NOT_INTERVIEW_TAG = "#not-interview"
_FOOTER = (
    "Planned by nextsteps. Heard back? Add " + " ".join(OUTCOME_TAGS) + " to the interview's "
    "notes and the remaining follow-ups go away. Deleted follow-ups are never recreated."
)


def note_description(brief: InterviewBrief) -> str:
    """Step 1: write the next steps and their timing down while they are fresh."""
    return "\n".join(
        (
            "Before it fades: write down what they said about the next steps and when you will "
            f"hear back, in the notes (description) of the interview event “{brief.title}”, "
            "for example:",
            "",
            f"    {EXAMPLE_NOTE}",
            "",
            "nextsteps reads that timing and plans your follow-up for the business day after it.",
            "When you hear back, add one of " + " ".join(OUTCOME_TAGS) + " to the same notes and "
            "the follow-ups stop. Not a job interview? Add " + NOT_INTERVIEW_TAG + ".",
            "",
            *_interview_lines(brief),
        )
    )


def thank_you_description(brief: InterviewBrief, draft: Draft, mailto: str) -> str:
    """Step 2: a short thank-you note to the people met."""
    return _asking(
        brief,
        draft,
        mailto,
        lead="Send a short thank-you note to the people you met: it is remembered, and it "
        "keeps the conversation warm.",
        tail=(),
        to=brief.contacts.interviewers,
    )


def follow_up_description(
    brief: InterviewBrief, draft: Draft, mailto: str, reason: str, waited_days: int
) -> str:
    """Step 3: the window has passed without word."""
    if brief.due is not None:
        window = f"They said you would hear back by {short_day_text(brief.due)}; that has passed."
    else:
        window = f"No timing was noted, and {waited_days} business days have passed."
    lead = f"Time to follow up with {brief.label}. {window}"
    return _asking(brief, draft, mailto, lead=lead, tail=(f"Why the silence? {reason}",))


def follow_up_again_description(
    brief: InterviewBrief, draft: Draft, mailto: str, reason: str, previous_day: str
) -> str:
    """Step 4: still nothing since the last follow-up."""
    lead = (
        f"Still no word from {brief.label} since your follow-up on {previous_day}. "
        "Persistence pays: write once more, briefly and kindly."
    )
    return _asking(
        brief, draft, mailto, lead=lead, tail=(_recruiter_line(brief), f"Why the silence? {reason}")
    )


def _asking(
    brief: InterviewBrief,
    draft: Draft,
    mailto: str,
    *,
    lead: str,
    tail: tuple[str, ...],
    to: tuple[Person, ...] | None = None,
) -> str:
    return "\n".join(
        (
            lead,
            "",
            *_interview_lines(brief),
            _write_to(brief.contacts.people if to is None else to),
            f"Send it: {mailto}",
            "",
            f"Draft — Subject: {draft.subject}",
            "",
            draft.body,
            "",
            *(line + "\n" for line in tail),
            _FOOTER,
        )
    )


def _interview_lines(brief: InterviewBrief) -> tuple[str, ...]:
    lines = [f"Interview: {brief.title or brief.headline}, {brief.when}"]
    if brief.with_whom:
        lines.append(f"With: {brief.with_whom}")
    return tuple(lines)


def _write_to(people: tuple[Person, ...]) -> str:
    if not people:
        return (
            "Write to: no direct address is on the invitation; reply in the recruiter's e-mail "
            "thread or to whoever scheduled the interview."
        )
    return "Write to: " + ", ".join(p.email for p in people)


def _recruiter_line(brief: InterviewBrief) -> str:
    recruiters = brief.contacts.recruiters
    if recruiters:
        who = ", ".join(map(person_text, recruiters))
        return f"If your interviewer may have moved on, make sure the recruiter gets it too: {who}."
    return (
        "If your interviewer may have moved on, also write to the recruiter or whoever first "
        "contacted you about the role."
    )
