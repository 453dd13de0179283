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

from nextsteps_shared.domains import domain_of, is_ats, is_free_mail
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition.employer import company_domain
from nextsteps_shared.recognition.role import ROLE_WORD, role_in_text
from nextsteps_shared.recognition.vocabulary import (
    ATS_TEXT,
    CONVERSATION_TITLE,
    EXERCISE_TITLE,
    GENERIC_INTERVIEW_TITLE,
    HIRING_SIDE_TEXT,
    INTERVIEW_TEXT,
    INTERVIEW_TITLE,
    JOB_TEXT,
    NOT_CANDIDATE_TITLE,
    REVIEW_TITLE,
    WEAK_TITLE,
)

THRESHOLD = 3.0
_RULED_OUT = -10.0
# Supporting cues that say "job" on their own, enough to back a lone generic interview word.
_JOB_SUPPORT = frozenset({"job_context", "role_in_title", "ats", "owner_named"})
# At least one of these must fire (the prefilter's literals cover exactly these cues).
_PRIMARY = frozenset(
    {
        "title",
        "generic_title",
        "exercise_review",
        "description",
        "weak_title",
        "owner_is_candidate",
        "role_in_text",
    }
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
        ("exercise_review", 3.0, _exercise_reviewed(texts.title)),
        ("description", 2.0, INTERVIEW_TEXT.search(texts.description) is not None),
        ("weak_title", 2.0, WEAK_TITLE.search(texts.title) is not None),
        ("owner_is_candidate", 2.0, _owner_is_candidate(texts)),
        ("owner_named", 1.0, _owner_named(texts)),
        ("role_in_title", 1.0, ROLE_WORD.search(texts.title) is not None),
        ("role_in_text", 1.0, role_in_text(texts.content) is not None),
        ("job_context", 1.0, JOB_TEXT.search(texts.title + "\n" + texts.description) is not None),
        ("ats", 1.0, _uses_ats(event, texts.description)),
        ("conversation", 1.0, CONVERSATION_TITLE.search(texts.title) is not None),
        ("name_only_title", 1.0, _only_a_name(event, owner, texts.raw_title)),
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
    if _owner_interviews(texts) or _owner_screens_a_guest(event, owner, texts):
        return "owner_interviews"
    if _inside_own_employer(event, owner) or _own_employer_named(owner, texts.title):
        return "own_employer"
    return None


def _exercise_reviewed(title: str) -> bool:
    """A case or take-home exercise presented or reviewed ("Fallstudie präsentieren")."""
    return EXERCISE_TITLE.search(title) is not None and REVIEW_TITLE.search(title) is not None


_NAME_WORD = re.compile(r"[A-Z0-9\u30a0-\u30ff\u4e00-\u9fff][\w&.'’-]*")


def _only_a_name(event: CalendarEvent, owner: Owner, raw_title: str) -> bool:
    """The title is nothing but a name: two to four capitalised words ("Northgate Capital"),
    or one with an outside company's address on the event ("Standup" alone is no name)."""
    words = raw_title.split()
    if not 0 < len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    return len(words) > 1 or company_domain(event, owner) is not None


# "Interviewers: Dana Lee (coding), Sam Rivera (design)" lists who interviews.
_INTERVIEWER_LIST = re.compile(r"(?im)^[^\S\n]*(?:interviewers?|panel(?:ists)?)\s*[:：](.*)$")


def _owner_interviews(texts: Texts) -> bool:
    """The description lists the owner among the interviewers."""
    if "interviewer" not in texts.description and "panel" not in texts.description:
        return False
    listed = " ".join(m.group(1) for m in _INTERVIEWER_LIST.finditer(texts.description))
    return any(name in listed for name in texts.owner_names)


def _owner_screens_a_guest(event: CalendarEvent, owner: Owner, texts: Texts) -> bool:
    """The owner invited one private person (free mail) whose name the title carries: the
    owner interviews them ("Phone screen: Marta Silva")."""
    organizer = event.organizer
    if organizer is None or not owner.is_owner(organizer.email):
        return False
    guests = [p for p in event.attendees if not owner.is_owner(p.email)]
    return any(
        p.name and is_free_mail(p.domain) and p.name.lower() in texts.title for p in guests
    ) and all(is_free_mail(p.domain) for p in guests)


_PAIRED = r"(?:\s+x\s+|\s*<>\s*|\s+[/&+]\s+|\s+and\s+)"


def _own_employer_named(owner: Owner, title: str) -> bool:
    """The title pairs the owner's current employer with another firm ("Brightwave x
    Quillstack"): a meeting between companies, the owner on their employer's side."""
    for domain in owner.employer_domains:
        label = domain.split(".")[0]
        if len(label) < 4 or label not in title:
            continue
        paired = rf"\w{_PAIRED}{re.escape(label)}\b|\b{re.escape(label)}{_PAIRED}\w"
        if re.search(paired, title):
            return True
    return False


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
    return any(is_ats(person.domain) for person in event.addresses)


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
