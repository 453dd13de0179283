"""Who the owner should write to after an interview: the people on the invitation.

Kept: the organiser and attendees other than the owner. Dropped: no-reply and notification
robots, and addresses of applicant-tracking, scheduling and meeting tools (they reach no one).
Recruiters are told apart by their address or name, so a second follow-up can point at them
when the interviewer may have moved on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nextsteps_shared.domains import is_scheduler
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person

_ROBOT = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|notify|mailer[-_.]?daemon|"
    r"bounces?|calendar|invites?|invitations?|scheduling|scheduler|automated|system|"
    r"postmaster|alerts?)(?:[-_.+].*)?$"
)
_RECRUITER_WORDS = r"recruit|recrut|reclut|rekrut|talent|sourc(?:er|ing)|hiring|werving|採用|人事"
_INBOX_WORDS = (
    r"(?:(?:jobs|careers?|people|personal|bewerbung(?:en)?|empleo|vagas|carreiras?|lavora|"
    r"hiring)(?:[-_.+]|$)|(?:hr|ta|rh|job)(?:\+|$))"
)
_RECRUITER_LOCAL = re.compile(_RECRUITER_WORDS + "|^" + _INBOX_WORDS)
_ROLE_ACCOUNT = re.compile(
    r"^(?:" + _INBOX_WORDS + r"|(?:recruit|recrut|reclut|rekrut|talent)\w*(?:[-_.+]|$)|"
    r"(?:team|info|contact|hello|office)(?:[-_.+]|$))"
)
_TEAM_NAME = re.compile(
    r"\bteam\b|^(?:\w+\s)?(?:talent|recruit\w*|careers|hr|people|hiring|jobs)\b", re.IGNORECASE
)
_RECRUITER_NAME = re.compile(_RECRUITER_WORDS + r"|\bhr\b|people partner|careers", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Contacts:
    """The people to write to, organiser first; ``recruiters`` is a subset of ``people``."""

    people: tuple[Person, ...]
    recruiters: tuple[Person, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(p.email for p in self.people)

    @property
    def interviewers(self) -> tuple[Person, ...]:
        """People who are not recruiters (everyone when that leaves no one)."""
        others = tuple(p for p in self.people if p not in self.recruiters)
        return others or self.people


def contacts_of(event: CalendarEvent, owner: Owner) -> Contacts:
    """The humans on the event other than the owner, organiser first."""
    people = tuple(p for p in event.addresses if _is_reachable(p, owner))
    return Contacts(people=people, recruiters=tuple(p for p in people if is_recruiter(p)))


def is_robot(address: str) -> bool:
    """A no-reply, notification or calendar-system address."""
    return _ROBOT.match(address.partition("@")[0].lower()) is not None


def is_recruiter(person: Person) -> bool:
    """The address or name looks like a recruiter or a recruiting team."""
    if _RECRUITER_LOCAL.search(person.email.partition("@")[0]) is not None:
        return True
    return person.name is not None and _RECRUITER_NAME.search(person.name) is not None


def is_role_account(person: Person) -> bool:
    """A shared inbox (``talent@``, ``jobs@``, "Acme Talent Team"): not greeted by name."""
    if _ROLE_ACCOUNT.match(person.email.partition("@")[0]) is not None:
        return True
    return person.name is not None and _TEAM_NAME.search(person.name) is not None


def _is_reachable(person: Person, owner: Owner) -> bool:
    return (
        "@" in person.email
        and not owner.is_owner(person.email)
        and not is_robot(person.email)
        and not is_scheduler(person.domain)
    )
