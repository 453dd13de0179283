"""Reading an interview title: which part names the employer, which the role.

Titles are written by tools ("Interview: Jane Doe <> Acme - Senior Backend Engineer",
"Acme | Senior Engineer | Phone Screen") and by people ("stripe tech interview",
"Vorstellungsgespräch bei Acme als Data Scientist"). The words that say "interview" or name
a round are cut out; what remains is split at separators and prepositions; each piece is a
role when it holds a job-title word, else a company when it looks like a name.
"""

from __future__ import annotations

import re
from re import Pattern
from typing import NamedTuple

from nextsteps_shared.recognition.guest import guest_in, recruiters_company
from nextsteps_shared.recognition.role import INTERVIEWER, ROLE_WORD, is_role
from nextsteps_shared.recognition.vocabulary import (
    EXERCISE_TITLE,
    GENERIC_INTERVIEW_TITLE,
    INTERVIEW_TITLE,
    REVIEW_TITLE,
    WEAK_TITLE,
    any_of,
)


class TitleParts(NamedTuple):
    """Company and role read from a title (either may be unknown)."""

    company: str | None
    role: str | None


# Words that describe the meeting, not the employer (whole words, any case).
_MEETING_WORDS: tuple[str, ...] = (
    r"agendad[ao]",
    r"via \w+",
    r"gupy",
    r"\d+(?:st|nd|rd|th|e|ª|º|\.)?\s*(?:round|tour|runde|ronda|ronde|etap|fase)\b(?:\s*\d+(?:\s*of\s*\d+)?)?",
    r"(?:round|runde|ronda|ronde|etap|fase|step)\s*\d+(?:\s*of\s*\d+)?",
    r"\d+(?:st|nd|rd|th|e|ª|º)",
    r"job",
    r"video",
    r"zoom",
    r"teams",
    r"meet",
    r"google meet",
    r"call",
    r"chat",
    r"virtual",
    r"meeting",
    r"intro",
    r"introductory",
    r"confirmation",
    r"confirmed",
    r"scheduled",
    r"invitation",
    r"re",
    r"tech interview",
    r"tech screen",
    r"technical",
    r"deep dive",
    r"portfolio review",
    r"next round",
    r"drh",
    r"step",
    r"\d+\s*[°º]\s*step",
    r"technisches?",
    r"technique",
    r"técnica",
    r"técnico",
    r"techniczn\w*",
    r"tecnico",
    r"coding",
    r"system design",
    r"sys design",
    r"systemdesign",
    r"design (?:interview|round|review)",
    r"tech(?=-|\s*\||\s+(?:recruit|interview|screen|round|call|chat))",
    r"in[- ]person",
    r"candidate",
    r"pairing(?: session)?",
    r"sessions?",
    r"sesión",
    r"sitzung",
    r"part \d+ of \w+",
    r"personalberater\w*",
    r"responsable(?: de(?:l)? equipo)?",
    r"conversa",
    r"giornata",
    r"journée",
    r"jornada",
    r"werving",
    r"selectie",
    r"dirección",
    r"revisão",
    r"restitution",
    r"walk-?through",
    r"presentati\w*",
    r"presentazione",
    r"présentation",
    r"präsent\w*",
    r"omówieni\w*",
    r"culture fit",
    r"behaviou?ral",
    r"case",
    r"demo",
    r"final",
    r"finales?",
    r"finale",
    r"panel",
    r"recruiter",
    r"recruiting",
    r"recruitment",
    r"talent",
    r"partner",
    r"hr",
    r"rh",
    r"rr\.?\s?hh\.?",
    r"ceo",
    r"cto",
    r"team",
    r"time",
    r"meet the team",
    r"hiring manager",
    r"(?:le|the|il|el|o|dem|der|mit dem|avec le) manager",
    r"fachbereich",
    r"fachabteilung",
    r"geschäftsführung",
    r"personalabteilung",
    r"d'embauche",
    r"premier échange",
    r"échange",
    r"individuel",
    r"collectif",
    r"téléphonique",
    r"de emprego",
    r"de trabajo",
    r"trabajo",
    r"di lavoro",
    r"lavoro",
    r"por videollamada",
    r"videollamada",
    r"revisión",
    r"revisione",
    r"bespreken",
    r"besprechung",
    r"spotkanie",
    r"druga",
    r"apresentação",
    r"onsite",
    r"on-site",
    r"superday",
    r"loop",
    r"assessment(?: center)?",
    r"center",
    r"centre",
    r"gesprek",
    r"gespräch",
    r"rozmowa",
    r"o prace",
    r"online",
    r"オンライン",
    r"役員",
    r"アルバイト",
    r"パート",
    r"正社員",
    r"中途",
    r"新卒",
    r"follow-up",
    r"follow up",
    r"telefonisch",
    r"etap techniczny",
    r"conoscitiv[oa]",
    r"presenza",
    r"in presenza",
    r"de gruppo",
    r"di gruppo",
    r"telefonico",
    r"inicial",
    r"primera llamada",
    r"llamada",
    r"visio",
    r"screen",
    r"screening",
    r"phone",
    r"take[- ]?home",
    r"assignment",
    r"review",
    r"compito a casa",
    r"prueba",
    r"ejercicio",
    r"estudo",
    r"étude de cas",
    r"diseño de sistemas",
    r"システムデザイン",
    r"課題レビュー",
    r"課題",
    r"レビュー",
    r"エンジニア職",
    r"一次",
    r"二次",
    r"三次",
    r"hm",
    r"painel",
    r"intervew",
    r"interveiw",
    r"etude de cas",
    r"technisch\w*",
    r"greenhouse",
    r"lever",
    r"ashby",
    r"workday",
    r"goodtime",
    r"modernloop",
    r"calendly",
    r"smartrecruiters",
    r"\d+\s*(?:minute|minutes|min|minuten|minutos|minuti|minut)",
    r"debrief",
    r"day\s*\d+",
    r"discovery",
    r"kennenlernen",
    r"vidéo",
    r"videocall",
    r"video call",
    r"grupal",
    r"video\w*",
    r"about",
    r"round",
    r"convo",
    r"day",
    r"recursos humanos",
    r"[^\s（）()【】]*経由",
    r"技術",
    r"updated invitation",
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)",
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm)",
    r"coo",
    r"cfo",
    r"vp",
    r"papo",
    r"personaler\w*",
    r"recruiterin",
    r"appel",
    r"live",
    r"zespoł\w*",
    r"equipo",
    r"équipe",
    r"squadra",
    r"culture add",
    r"personal",
    r"presencial",
    r"en vivo",
    r"ao vivo",
    r"individual",
    r"gestora?",
    r"direttor\w*",
    r"diret[oó]r\w*",
    r"director\w*",
    r"responsabil\w*",
    r"abteilungsleit\w*",
    r"mgr",
    r"kennismaking",
    r"\d+(?:e|ème|er|re|ª|º|°|nd|rd|th|st)",
    r"n°\s*\d+",
    r"no\.\s*\d+",
    r"nr\.?\s*\d+",
    r"primo",
    r"prima",
    r"secondo",
    r"seconda",
    r"terzo",
    r"terza",
    r"first",
    r"second",
    r"third",
    r"erstes",
    r"zweites",
    r"drittes",
    r"premier",
    r"deuxième",
    r"primera",
    r"segunda",
    r"tercera",
    r"primeira",
    r"eerste",
    r"tweede",
    r"derde",
    r"pierwsza",
    r"trzecia",
    r"rdv",
    r"rendez-vous",
    r"hirevue",
    r"karat",
    r"codility",
    r"hackerrank",
    r"coderpad",
    r"codesignal",
    r"remote",
    r"in-person",
    r"quick",
    r"informal",
    r"principal",
    r"talent acquisition",
    r"headhunter",
    r"vacature",
    r"vacancy",
    r"bewerbung",
    r"candidature",
    r"process",
    r"proceso de selección",
    r"processo seletivo",
)
_NOISE: Pattern[str] = any_of(*(rf"\b(?:{word})\b" for word in _MEETING_WORDS))

_SEPARATORS: Pattern[str] = re.compile(
    r"\s*(?:\||\s[-–—]\s|–|—|:(?=\s|$)|：|//|\(|\)|（|）|\[|\]|【|】|<>|/|@|\+|,|·|!|\?|#|w/|"
    r"\s(?:with|at|bei|mit|chez|avec|con|com|bij|met|presso|w|z|na|en|for|als|pour|para|voor|"
    r"per|jako|re|from|von|de la part de)(?=\s))\s*",
)

_ROLE_AFTER: Pattern[str] = re.compile(
    r"(?i)\s(?:for|als|pour|para|voor|per|jako|as|puesto de|poste(?: de| d')?|vaga de|"
    r"functie van|posizione di|stanowisko|na stanowisko)\s+(.+?)"
    r"(?:\s(?:position|role|job|opening))?(?:\s(?:at|bei|chez|en|presso|w|bij|na|@)\s.*)?$"
)
_PERSON_TITLE: Pattern[str] = re.compile(
    r"^(?:(?:dr|mr|mrs|ms)\.?|frau|herr|(?:mme|m|sr|sra)\.)\s", re.I
)
_REQ_ID: Pattern[str] = re.compile(r"^[A-Za-z]{0,4}-?\d{3,}[\d-]*$")
_STOPWORDS = (
    r"(?:the|a|an|de|del|la|le|les|el|il|o|os|as|do|da|di|der|die|das|dem|den|with|at|bei|mit|von|"
    r"chez|avec|con|com|bij|met|presso|w|z|ze|na|en|op|of|van|and|between|y|e|et|und|en|i|my|"
    r"per|para|pour|voor|for|als|jako|por)"
)
# A capitalised article starts a name ("El Corte Inglés", "The Browser Company"): kept.
_LEADING_WORDS: Pattern[str] = re.compile(
    rf"^(?:(?!(?-i:(?:The|El|La|Le|Les|Il|De|Het|Die|Der|Das|Los|Las|Os|As)\s+[A-Z]))"
    rf"{_STOPWORDS}(?:\s+|$))+",
    re.I,
)
_TRAILING_WORDS: Pattern[str] = re.compile(rf"(?:(?:^|\s+){_STOPWORDS})+$", re.I)
# Calendar e-mail subjects kept as titles: "Invitation: ... @ Tue Mar 3, 2pm".
_INVITATION: Pattern[str] = re.compile(
    r"(?i)^\s*(?:updated |new )?(?:invitation|einladung|aktualisierte einladung|invitación|convite|"
    r"uitnodiging|invito|zaproszenie|invitation mise à jour)\s*[:：]|"
    r"\s@\s*(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|\d).*$"
)
_TOOL_TAG: Pattern[str] = re.compile(r"^\s*\[[^\]]*\]")
_EMOJI: Pattern[str] = re.compile("[\U0001f000-\U0001ffff\u2600-\u27bf\ufe0f\u200d]")


def parse_title(title: str, names: tuple[str, ...]) -> TitleParts:
    """Company and role in ``title``; ``names`` are people on the event (never a company)."""
    title = _INVITATION.sub(" ", _TOOL_TAG.sub(" ", _EMOJI.sub(" ", title)))
    if "<>" in title or " x " in title:
        return _parse_pair(title, names)
    guest = guest_in(title)
    if guest is not None and (guest.certain or guest.personal):
        parts = _parse_plain(guest.title, names)
        if parts.company or guest.personal:
            return parts  # "Chat with Priscilla" names a person, never the employer
    return _parse_plain(title, names)


def _parse_plain(title: str, names: tuple[str, ...]) -> TitleParts:
    role_hint = _role_after_preposition(title)
    pieces = _pieces(title, names)
    company, role = _classify(pieces)
    if len(pieces) > 1 and not _cued(title):
        company = None  # "Coffee with Dana": no interview word says which piece is the employer
    return TitleParts(_recruiters_company(title, names) or company, role_hint or role)


def _recruiters_company(title: str, names: tuple[str, ...]) -> str | None:
    """The firm of a recruiter the title names ("recrutadora da Loft"), if it reads as one."""
    hint = recruiters_company(title)
    if hint is None:
        return None
    cleaned = _strip(_without_meeting_words(_cut_interview_words(hint)))
    if "|" in cleaned or not _is_name_like(cleaned) or _names_a_person(cleaned, names):
        return None
    return None if ROLE_WORD.search(cleaned.casefold()) else cleaned


def _cued(title: str) -> bool:
    lowered = title.lower()
    cues = (INTERVIEW_TITLE, GENERIC_INTERVIEW_TITLE, WEAK_TITLE)
    exercise = EXERCISE_TITLE.search(lowered) and REVIEW_TITLE.search(lowered)
    return bool(exercise) or any(p.search(lowered) for p in cues)


def _parse_pair(title: str, names: tuple[str, ...]) -> TitleParts:
    sides = [side for side in re.split(r"<>|\sx\s", title) if not _names_a_person(side, names)]
    parts = re.split(r"\s[-–—|]\s|:\s", sides[-1] if sides else "", maxsplit=1)
    company = _strip(_without_meeting_words(_cut_interview_words(parts[0])).replace("|", " "))
    role = _strip(parts[1]) if len(parts) > 1 else ""
    if role and not ROLE_WORD.search(role.casefold()):
        role = ""
    return TitleParts(company or None, role or None)


def _role_after_preposition(title: str) -> str | None:
    match = _ROLE_AFTER.search(title)
    if match is None:
        return None
    candidate = _strip(re.split(r"\s[-–—|]\s|[(（]", match.group(1))[0])
    candidate = re.sub(
        r"(?i)^(?:the |a )?(?:position|posizione|poste|puesto|vaga|functie|"
        r"stanowisko|stelle|role|ruolo)\s+",
        "",
        candidate,
    )
    return candidate if is_role(candidate) else None


def _pieces(title: str, names: tuple[str, ...]) -> list[str]:
    text = _without_meeting_words(_cut_interview_words(title))
    pieces = []
    for raw in _SEPARATORS.split(text):
        if _names_a_person(raw, names):
            continue
        for part in _cjk_words(_strip(raw)):
            piece = _strip(_TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", part)))
            if _is_name_like(piece) and not _names_a_person(piece, names):
                pieces.append(piece)
    return pieces


def _cjk_words(piece: str) -> list[str]:
    """Japanese titles separate their parts by spaces; Latin ones do not."""
    return piece.split() if any(_is_cjk(c) for c in piece) else [piece]


def _classify(pieces: list[str]) -> tuple[str | None, str | None]:
    company: str | None = None
    role: str | None = None
    for piece in pieces:
        if INTERVIEWER.search(piece):
            continue  # "Sophie, manager chez Swile": who interviews, neither firm nor role
        if is_role(piece):
            role = role or re.sub(r"(?i)\s+(?:role|position|job)$", "", piece)
        elif company is None:
            company = piece
    return company, role


def _without_meeting_words(text: str) -> str:
    """Replace each meeting word by a separator (matched on the lower-cased text)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text
    pieces, last = [], 0
    for match in _NOISE.finditer(lowered):
        pieces += [text[last : match.start()], " | "]
        last = match.end()
    return "".join([*pieces, text[last:]])


def _cut_interview_words(title: str) -> str:
    """Replace each interview word (widened to whole words) by a separator."""
    folded = title.lower()
    if len(folded) != len(title):
        folded = title
    patterns = (INTERVIEW_TITLE, GENERIC_INTERVIEW_TITLE, WEAK_TITLE, EXERCISE_TITLE, REVIEW_TITLE)
    spans = [m.span() for p in patterns for m in p.finditer(folded)]
    chars = list(title)
    for span in spans:
        start, end = _widened(chars, *span)
        chars[start:end] = ["|"] + [""] * (end - start - 1)
    return "".join(chars)


def _widened(chars: list[str], start: int, end: int) -> tuple[int, int]:
    """The span grown to whole words ("Vorstellungsgespräch" from "gespr")."""
    while start < end and chars[start].isspace():
        start += 1
    while start > 0 and chars[start - 1].isalnum():
        start -= 1
    while end < len(chars) and (chars[end].isalnum() or chars[end] in "'’"):
        end += 1
    return start, end


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u9fff"


def _is_name_like(piece: str) -> bool:
    if len(piece) < 2 or not any(c.isalpha() for c in piece):
        return False
    if _REQ_ID.match(piece) or _PERSON_TITLE.match(piece):
        return False
    return len(piece.split()) <= 5


def _names_a_person(piece: str, names: tuple[str, ...]) -> bool:
    folded = piece.casefold()
    return any(
        name and name in folded and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)
        for name in names
    )


def _strip(text: str) -> str:
    return text.strip(" \t-–—:|/.,&'\"*~_")
