"""Weighing the cues of one event: is the owner the candidate of a job interview?

Primary cues: a title that names an interview or a round (3; the generic words that also name
other conversations, "entrevista", "colloquio", "interview", are kept apart in the vocabulary
but weigh the same: weighing them less cost more recall than it won precision on the fixtures),
interview wording in the
description (2), a milder title cue such as an intro call, a loop or "meet the team" (2), the
owner named as the candidate in a tool-written title (2), a role named in the description
("the Data Analyst position") (1). Supporting cues: the owner's name in the title (1), a
job-title word in the title (1), job context such as a CV or a coding round (1), an
applicant-tracking tool (1), a conversation word in the title (1). At least one primary cue
must fire (the prefilter's literals cover exactly those), and the sum must reach
``THRESHOLD``.

Ruled out whatever the score: hiring-side or not-as-candidate wording in the title (a debrief,
a mock, a podcast, a to-do such as "Reply to..."), hiring-side wording in the description
("scorecard", "you're on the panel"), and events run inside the owner's own employer.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nextsteps_shared.domains import domain_of
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition.employer import company_domain
from nextsteps_shared.recognition.role import ROLE_WORD, role_in_text
from nextsteps_shared.recognition.vocabulary import (
    ATS_DOMAINS,
    ATS_TEXT,
    CONVERSATION_TITLE,
    GENERIC_INTERVIEW_TITLE,
    HIRING_SIDE_TEXT,
    INTERVIEW_TEXT,
    INTERVIEW_TITLE,
    JOB_TEXT,
    NOT_CANDIDATE_TITLE,
    WEAK_TITLE,
)

THRESHOLD = 3.0
_RULED_OUT = -10.0
# Supporting cues that say "job" on their own, enough to back a lone generic interview word.
_JOB_SUPPORT = frozenset({"job_context", "role_in_title", "ats", "owner_named"})
# At least one of these must fire (the prefilter's literals cover exactly these cues).
_PRIMARY = frozenset(
    {"title", "generic_title", "description", "weak_title", "owner_is_candidate", "role_in_text"}
)


class Verdict(NamedTuple):
    """A score and the cues that made it."""

    score: float
    reasons: tuple[str, ...]


class Texts(NamedTuple):
    """The lower-cased title and description of an event, and who the owner is on it."""

    title: str
    description: str
    owner_names: tuple[str, ...]
    content: str = ""  # the description as written, before its meeting boilerplate
    raw_title: str = ""  # the title as written


def weigh(event: CalendarEvent, owner: Owner, texts: Texts) -> Verdict:
    """Score ``event`` for being the owner's interview as a candidate."""
    ruled_out = _ruled_out(event, owner, texts)
    if ruled_out:
        return Verdict(_RULED_OUT, (ruled_out,))
    cues = (
        ("title", 3.0, INTERVIEW_TITLE.search(texts.title) is not None),
        ("generic_title", 3.0, GENERIC_INTERVIEW_TITLE.search(texts.title) is not None),
        ("description", 2.0, INTERVIEW_TEXT.search(texts.description) is not None),
        ("weak_title", 2.0, WEAK_TITLE.search(texts.title) is not None),
        ("owner_is_candidate", 2.0, _owner_is_candidate(texts)),
        ("owner_named", 1.0, _owner_named(texts)),
        ("role_in_title", 1.0, ROLE_WORD.search(texts.title) is not None),
        ("role_in_text", 1.0, role_in_text(texts.content) is not None),
        ("job_context", 1.0, JOB_TEXT.search(texts.title + "\n" + texts.description) is not None),
        ("ats", 1.0, _uses_ats(event, texts.description)),
        ("conversation", 1.0, CONVERSATION_TITLE.search(texts.title) is not None),
    )
    fired = tuple(name for name, _, hit in cues if hit)
    primary = [name for name in fired if name in _PRIMARY]
    lone_generic = primary == ["generic_title"] and not _JOB_SUPPORT.intersection(fired)
    if not primary or (lone_generic and not _names_someone(event, owner, texts)):
        return Verdict(0.0, fired)
    return Verdict(sum(weight for _, weight, hit in cues if hit), fired)


def _ruled_out(event: CalendarEvent, owner: Owner, texts: Texts) -> str | None:
    title, description = _scrubbed(texts)
    if NOT_CANDIDATE_TITLE.search(title):
        return "not_as_candidate"
    if HIRING_SIDE_TEXT.search(description) or HIRING_SIDE_TEXT.search(title):
        return "hiring_side_text"
    if _inside_own_employer(event, owner):
        return "own_employer"
    return None


def _scrubbed(texts: Texts) -> tuple[str, str]:
    """Title and description without the owner named as the candidate ("Candidate: Sam
    Rivera"), which would otherwise read as hiring-side wording."""
    title, description = texts.title, texts.description
    if _owner_is_candidate(texts):
        for name in texts.owner_names:
            title = title.replace(name, " ")
        title = title.replace("candidate", " ")
    for name in texts.owner_names:
        description = description.replace(f"candidate: {name}", " ")
    return title, description


def _owner_is_candidate(texts: Texts) -> bool:
    """The owner is named beside "<>", " x " or "candidate" in the title (tool-written)."""
    if not any(mark in texts.title for mark in ("<>", " x ", "candidate")):
        return False
    return _owner_named(texts)


def _names_someone(event: CalendarEvent, owner: Owner, texts: Texts) -> bool:
    """Something beside a lone generic interview word names a company or person: a
    capitalised word after the first, a word in another script, or an outside company's
    address ("Entrevista con el banco" names nobody; "Entrevista Mercadona" does)."""
    if company_domain(event, owner) is not None:
        return True
    words = [w.strip("([{<\"'¡¿#@-–—:") for w in texts.raw_title.split()[1:]]
    return any(w[:1].isupper() or w[:1].isdigit() or not w[:1].isascii() for w in words)


def _owner_named(texts: Texts) -> bool:
    """The owner's name, or first name, is in the title ("Sam Rivera x Brightline")."""
    title = texts.title
    return any(
        name in title or (len(first) > 2 and re.search(rf"\b{re.escape(first)}\b", title))
        for name in texts.owner_names
        for first in name.split()[:1]
    )


def _uses_ats(event: CalendarEvent, description: str) -> bool:
    if ATS_TEXT.search(description):
        return True
    return any(_is_ats(person.domain) for person in event.addresses)


def _is_ats(domain: str) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in ATS_DOMAINS for i in range(len(parts) - 1))


def _inside_own_employer(event: CalendarEvent, owner: Owner) -> bool:
    """The hiring side: organised by a colleague; or by the owner with colleagues only; or
    sent by someone else (an ATS) with the owner's colleagues among the guests."""
    organizer = event.organizer
    organised_by_colleague = organizer is not None and owner.is_colleague(organizer.email)
    if organised_by_colleague and organizer is not None and not owner.is_owner(organizer.email):
        return True
    others = [p.email for p in event.attendees if not owner.is_owner(p.email)]
    colleagues = [a for a in others if domain_of(a) and owner.is_colleague(a)]
    if organizer is None or owner.is_owner(organizer.email):
        return bool(others) and len(colleagues) == len(others)
    return bool(colleagues)  # a tool sent it, and the owner's colleagues are invited too
