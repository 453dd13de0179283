"""``recognise``: the verdict on one event, with the employer, role and stage when known."""

from __future__ import annotations

import re
from collections.abc import Callable
from re import Pattern

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Recognition
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition.employer import (
    company_from_addresses,
    company_in_text,
    registered_name,
    strip_legal_form,
)
from nextsteps_shared.recognition.prefilter import (
    content_of,
    may_be_interview,
    may_be_interview_before_boilerplate,
    without_boilerplate,
)
from nextsteps_shared.recognition.role import role_in_note, role_in_text
from nextsteps_shared.recognition.stage import stage_of
from nextsteps_shared.recognition.title import parse_title
from nextsteps_shared.recognition.verdict import THRESHOLD, Texts, weigh
from nextsteps_shared.recognition.vocabulary import TAG

_NOT_INTERVIEW = Recognition(is_interview=False)
_TAG_ANY_CASE: Pattern[str] = re.compile(TAG.pattern, re.IGNORECASE)
_EVENT_NAME: Pattern[str] = re.compile(
    r"(?im)^\s*(?:event name|nom de l'événement|nombre del evento|nome do evento|"
    r"veranstaltungsname|naam van (?:het )?evenement|nome (?:dell')?evento|nazwa wydarzenia|"
    r"イベント名)\s*[:：]\s*(.+)$"
)


def recognise(event: CalendarEvent, owner: Owner) -> Recognition:
    """Is ``event`` a job interview in which ``owner`` is the candidate?

    Cheap for the many events that are not: after a look for the owner's tag (only where a
    "#" is), one trie-shaped pattern over the lower-cased title, and one over the description
    up to its meeting boilerplate, decide whether any further work is done.
    """
    title = event.summary.lower()
    description = event.description.lower()
    tag = _owner_tag(title, description)
    if tag is not None:
        return _overridden(event, owner, tag)
    if not (may_be_interview(title) or may_be_interview_before_boilerplate(description)):
        return _NOT_INTERVIEW
    return _judged(event, owner)


def _owner_tag(title: str, description: str) -> str | None:
    for text in (description, title):
        match = TAG.search(text) if "#" in text else None
        if match is not None:
            return match.group(1)
    return None


def _overridden(event: CalendarEvent, owner: Owner, tag: str) -> Recognition:
    if tag != "interview":
        return Recognition(is_interview=False, overridden=True, reasons=("owner_tag",))
    details = _details(event, owner, _texts(event, owner))
    return details.model_copy(update={"overridden": True, "reasons": ("owner_tag",)})


def _judged(event: CalendarEvent, owner: Owner) -> Recognition:
    texts = _texts(event, owner)
    verdict = weigh(event, owner, texts)
    if verdict.score < THRESHOLD:
        return Recognition(is_interview=False, score=verdict.score, reasons=verdict.reasons)
    details = _details(event, owner, texts)
    return details.model_copy(update={"score": verdict.score, "reasons": verdict.reasons})


def _texts(event: CalendarEvent, owner: Owner) -> Texts:
    names = tuple(p.name.lower() for p in event.addresses if p.name and owner.is_owner(p.email))
    description = without_boilerplate(event.description.lower())
    title = _full_title(event)
    return Texts(title.lower(), description, names, content_of(event.description), title)


def _full_title(event: CalendarEvent) -> str:
    """The summary, plus a scheduling page's own event name (Calendly's "Event Name:")."""
    match = _EVENT_NAME.search(event.description)
    title = f"{event.summary} | {match.group(1)}" if match else event.summary
    return _TAG_ANY_CASE.sub(" ", title) if "#" in title else title


def _details(event: CalendarEvent, owner: Owner, texts: Texts) -> Recognition:
    owner_names = texts.owner_names + _names_in_addresses(owner)
    first_names = tuple(n.split()[0] for n in owner_names if len(n.split()[0]) > 2)
    names = owner_names + first_names + _other_names(event, owner)
    parts = parse_title(texts.raw_title, names)
    content = texts.content
    sources: tuple[Callable[[], str | None], ...] = (
        lambda: parts.company and strip_legal_form(parts.company),
        lambda: registered_name(content),
        lambda: company_from_addresses(event, owner, f"{event.summary}\n{content}"),
        lambda: company_in_text(content),
    )
    people = owner_names + first_names
    found = (source() for source in sources)  # in order, each only when the one before failed
    company = next((c for c in found if c and not _is_a_person(c, people)), None)
    role = parts.role or role_in_text(content) or role_in_note(content)
    stage = stage_of(texts.title, texts.description)
    return Recognition(is_interview=True, company=company, role=role, stage=stage)


def _names_in_addresses(owner: Owner) -> tuple[str, ...]:
    """The owner's name as their addresses spell it ("sam.rivera@..." -> "sam rivera")."""
    names = []
    for address in owner.addresses:
        words = [w for w in re.split(r"[._+-]", address.partition("@")[0]) if w.isalpha()]
        if len(words) >= 2:
            names.append(" ".join(words))
    return tuple(names)


def _is_a_person(company: str, names: tuple[str, ...]) -> bool:
    """A company read as the owner's own name or first name ("Sam Rivera", "Sam")."""
    return company.casefold() in names


def _other_names(event: CalendarEvent, owner: Owner) -> tuple[str, ...]:
    return tuple(p.name.lower() for p in event.addresses if p.name and not owner.is_owner(p.email))
