"""People named in a title beside the employer: a guest met "with", a recruiter "of" a company.

"Chat with Priscilla (Brightpath recruiting)", "Screening w/ Kelly from Heron",
"Videollamada con Cristina de Idealista": the lone first name after "with" is a person, and the
employer is the other name. "Conversa com recrutadora da Loft", "Ferro's talent partner": the
company a recruiter works for is the employer.
"""

from __future__ import annotations

import re
from re import Pattern
from typing import NamedTuple

from nextsteps_shared.recognition.role import ROLE_WORD

# A lone first name (capital, then lower case only) after "with", then perhaps "from <X>".
_GUEST: Pattern[str] = re.compile(
    r"(?i:\b(?:with|avec|mit|con|com|met|bij|z|ze)\s+|\bw/\s*)"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)"
    r"(?P<after>\s+(?i:from|de|da|do|di|von|van|z|ze|at|of)\s+|\s*[(（](?=(?P<paren>[^)）]*))|\s*$|\s*[-–—|,:/])"
)
# Words for a personal conversation: the person met is never the employer.
_PERSONAL = frozenset(
    {
        "chat",
        "coffee",
        "café",
        "caffè",
        "caffe",
        "koffie",
        "kaffee",
        "kawa",
        "lunch",
        "drinks",
        "talk",
        "catch-up",
        "catchup",
        "kennenlernen",
        "charla",
        "papo",
        "chiacchierata",
    }
)
# "Brightpath recruiting", "Ferro's talent partner": a company before its hiring team.
_TEAM_OF: Pattern[str] = re.compile(
    r"(?P<name>(?-i:[A-Z][\w&.-]*)(?:[ \t]+(?-i:[A-Z][\w&.-]*)){0,3})(?:'s|’s)?[ \t]+"
    r"(?i:recruit\w*|talent\b|hr\b|people team|hiring team|careers\b)"
)
# "recrutadora da Loft", "recruteuse de Doctolib", "rekruterką z Booksy": the recruiter's firm.
_RECRUITER_OF: Pattern[str] = re.compile(
    r"(?i:\b(?:recruit|recrut|reclut|rekrut|headhunter|personalberater)\w*)[ \t]+"
    r"(?i:(?:from|de|da|do|di|der|von|z|ze|at|bei|chez|van|of|@)[ \t]+)?"
    r"(?i:(?:la|el|the|l')[ \t]+)?"
    r"(?P<name>[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*){0,3})"
)


def _names_a_firm(text: str) -> bool:
    """A bracketed "(Harbor Freight Tech)" names a firm; "(backend)", "(Data Engineer)" not."""
    return text[:1].isupper() and ROLE_WORD.search(text.casefold()) is None


# "... chez Swile", "... @ Clearbit": a firm named after the guest's comma.
_AT_FIRM: Pattern[str] = re.compile(r"(?:\s(?:at|chez|bei|presso|bij|en|na|w|da)|\s?@)\s+[A-Z]")


class Guest(NamedTuple):
    """A title with a guest's first name cut out, and whether the meeting is personal."""

    title: str
    personal: bool
    certain: bool  # "Kelly from Heron", "Ellis (Harbor Freight Tech)": surely a person


def guest_in(title: str) -> Guest | None:
    """The first guest named after "with" in ``title``, cut out (None when there is none)."""
    match = _GUEST.search(title)
    if match is None:
        return None
    after = match.group("after").strip()
    paren = match.group("paren")
    rest = title[match.end("after") :]
    certain = (
        after[:1].isalpha()
        or (paren is not None and _names_a_firm(paren))
        or (after == "," and _AT_FIRM.search(rest) is not None)  # "Sophie, manager chez Swile"
    )
    head = title[: match.start()].rstrip()
    lead = head.split()[-1] if head.split() else ""
    personal = lead.casefold() in _PERSONAL
    if personal:
        head = head[: len(head) - len(lead)]  # "Coffee" is no employer either
    cut = head + " | " + title[match.end("after") :]
    return Guest(cut, personal, certain)


def recruiters_company(title: str) -> str | None:
    """The company whose recruiter or hiring team the title names, as written."""
    for pattern in (_RECRUITER_OF, _TEAM_OF):
        match = pattern.search(title)
        if match is not None:
            return match.group("name")
    return None
