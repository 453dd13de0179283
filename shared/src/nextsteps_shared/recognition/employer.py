"""The employer of an interview, from the addresses on the event or from its description.

An address names the employer when its domain is neither free mail, nor a scheduling or
applicant-tracking tool, nor the owner's own employer. Its name is written as the event's text
writes it when the text mentions it ("brightwaterlabs.com" and "...with Brightwater Labs"),
else made readable from the domain ("acme-corp.com" -> "Acme Corp").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from re import Pattern

from nextsteps_shared.domains import is_free_mail, is_scheduler
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner

_TWO_LABEL_SUFFIXES = frozenset(
    {
        "co.uk",
        "co.jp",
        "com.br",
        "com.au",
        "co.nz",
        "com.mx",
        "com.ar",
        "co.za",
        "com.tr",
        "ne.jp",
        "or.jp",
        "com.pl",
        "com.es",
        "com.pt",
        "org.uk",
        "ac.uk",
        "co.in",
        "com.sg",
    }
)
# Scheduling-tool domains whose people are also employers (a recruiter at google.com).
_EMPLOYERS_TOO = frozenset(
    {
        "google.com",
        "microsoft.com",
        "linkedin.com",
        "indeed.com",
        "zoom.us",
        "zoom.com",
        "hubspot.com",
        "workday.com",
        "rippling.com",
        "calendly.com",
        "webex.com",
        "glassdoor.com",
    }
)
_ROBOT: Pattern[str] = re.compile(r"no-?reply|notification|calendar|invite|scheduling|donotreply")
_MAIL_PREFIXES = frozenset({"mail", "email", "hr", "jobs", "careers", "recruiting", "talent", "us"})

# A run of capitalised words (a company as written), allowing "&", "of", "St." and CJK names.
_WORD = r"(?:[A-Z][a-z]?\.(?=\s)|[A-Z0-9][\w'’&-]*(?:\.[\w-]+)*|[\u30a0-\u30ff\u4e00-\u9fff]+)"
_NAME_RUN: Pattern[str] = re.compile(rf"{_WORD}(?:[ \t]+(?:&[ \t]+)?(?:{_WORD}|of|de|do|da))*")
_TEAM_SUFFIX: Pattern[str] = re.compile(
    r"\s+(?:Recruiting|Recruitment|Talent(?: Acquisition| Team)?|Hiring(?: Team)?|Careers|HR|"
    r"People(?: Team)?|Team|Recrutement|Recruiting Team)$"
)
_LEGAL: Pattern[str] = re.compile(
    r"(?i)[\s,]+(?:gmbh|ag|inc|ltd|llc|s\.?a\.?|s\.?r\.?l\.?|srl|b\.?v\.?|sp\. z o\.o\.|plc|"
    r"corp)\.?$"
)

# Phrases of a description that name the employer.
_REGISTERED: tuple[Pattern[str], ...] = (
    re.compile(r"株式会社\s?([^\s　、。()（）の]+)"),
    re.compile(r"([^\s　、。()（）]+)株式会社"),
)
_COMPANY_PHRASES: tuple[Pattern[str], ...] = (
    re.compile(
        r"(?i:\binterest in|\bapplying to|\bapplication to|\bposition (?:of .{1,60}? )?at|"
        r"\brole at|\bopening at|\bjob at|\binterviews? (?:with|at)|\bvirtual onsite with|"
        r"\bonsite with|\bschedule with|\bon behalf of|\bengineers? from|\bw firmie|\bfirma|"
        r"\bpresso|\bbei(?: der)?|\bchez|\bna|\bin der firma|\bat|@|\bfrom)\s+("
        + _NAME_RUN.pattern
        + ")"
    ),
)


def company_from_addresses(event: CalendarEvent, owner: Owner, text: str) -> str | None:
    """The employer named by the organiser's (else the attendees') domain, made readable."""
    domain = company_domain(event, owner)
    if domain is None:
        return None
    label = _label(domain)
    return _as_written(label, text) or " ".join(w.capitalize() for w in re.split(r"[-_]", label))


def registered_name(text: str) -> str | None:
    """A company written with its legal form in front or behind (株式会社メルカリ)."""
    if "株式会社" not in text:
        return None
    for pattern in _REGISTERED:
        match = pattern.search(text)
        if match is not None:
            return match.group(1)
    return None


def company_in_text(text: str) -> str | None:
    """The employer named in a description ("Thank you for your interest in Acme")."""
    for pattern in _COMPANY_PHRASES:
        match = pattern.search(text)
        if match is not None:
            name = _TEAM_SUFFIX.sub("", strip_legal_form(match.group(1).strip(" .,'’")))
            if len(name) >= 2:
                return name
    return None


def strip_legal_form(name: str) -> str:
    """``"Ferretti Srl"`` -> ``"Ferretti"``; ``"株式会社メルカリ"`` stays as written."""
    return _LEGAL.sub("", name).strip()


def company_domain(event: CalendarEvent, owner: Owner) -> str | None:
    """The domain of an outside company on the event (organiser first), if any."""
    found: Counter[str] = Counter()
    for rank, person in enumerate(event.addresses):
        domain = person.domain
        if not domain or owner.is_owner(person.email) or owner.is_colleague(person.email):
            continue
        if is_free_mail(domain) or (is_scheduler(domain) and not _works_there(person.email)):
            continue
        found[domain] += 100 if rank == 0 and person is event.organizer else 1
    return found.most_common(1)[0][0] if found else None


def _works_there(address: str) -> bool:
    """A person at a company that also makes meeting tools (jo@google.com), not a robot."""
    local, _, domain = address.partition("@")
    return domain in _EMPLOYERS_TOO and not _ROBOT.search(local)


def _label(domain: str) -> str:
    parts = domain.split(".")
    keep = len(parts) - (2 if ".".join(parts[-2:]) in _TWO_LABEL_SUFFIXES else 1)
    labels = [p for p in parts[:keep] if p not in _MAIL_PREFIXES] or parts[:keep]
    return labels[-1] if labels else domain


def _as_written(label: str, text: str) -> str | None:
    squashed_label = _squash(label)
    best: str | None = None
    for match in _NAME_RUN.finditer(text):
        words = match.group(0).split()
        for start in range(len(words)):
            phrase = _longest_match(words[start:], squashed_label)
            if phrase and (best is None or len(phrase) > len(best)):
                best = phrase
    return _TEAM_SUFFIX.sub("", strip_legal_form(best)) if best else None


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def _squash(text: str) -> str:
    """Letters and digits only, lower case, accents dropped ("Lumière" -> "lumiere"), German
    umlauts spelt as in domain names ("Steuerbüro" -> "steuerbuero")."""
    plain = unicodedata.normalize("NFKD", text.translate(_UMLAUTS))
    return re.sub(
        r"[\W_]", "", "".join(c for c in plain if not unicodedata.combining(c))
    ).casefold()


def _longest_match(words: list[str], label: str) -> str | None:
    for end in range(len(words), 0, -1):
        phrase = " ".join(words[:end])
        squashed = _squash(phrase)
        if len(squashed) < 3:
            return None
        if (
            squashed == label
            or (label.startswith(squashed) and len(squashed) >= max(4, 0.6 * len(label)))
            or (squashed.startswith(label) and end > 1)
        ):
            return phrase
    return None
