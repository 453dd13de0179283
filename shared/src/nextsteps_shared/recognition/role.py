"""The role (job title) an interview is for, from a title segment or the description."""

from __future__ import annotations

import re
from re import Pattern

from nextsteps_shared.recognition.prefilter import trie_pattern
from nextsteps_shared.recognition.vocabulary import ROLE_WORDS_NEEDED

# Words that make a phrase a job title, in the nine languages.
ROLE_WORD: Pattern[str] = re.compile(
    r"engineer|developer|\bdev\b|manager|designer|analyst|scientist|consultant|architect|"
    r"specialist|coordinator|assistant|nurse|teacher|supervisor|\blead\b|director|intern\b|"
    r"\bpm\b|\bapm\b|\bsre\b|\bqa\b|researcher|product owner|accountant|recruiter\b|"
    r"administrator|technician|tester|head of|head de|\bjunior\b|\bsenior\b|buyer|actuar|pfleger|"
    r"ingénieur|leider\b|leiter\b|kauffrau|kaufmann|ingenier|desenvolvedor|desarrolladora|"
    r"programador|marketeer|sviluppatric|buchhalter|leitung|merchandiser|aktuariusz|actuary|vendedor|サイエンティスト|"
    r"営業|\beng\b|analityk|dependient|devops|controller|contrôleu|\bcook\b|driver|waiter|"
    r"waitress|cashier|barista|clerk|teller|associate|officer|executive|"
    r"entwickler|ingenieur|berater|werkstudent|sachbearbeiter|fachkraft|verkäufer|referent|"
    r"développeu|chargée?|conseill|chef de|vendeu|stagiaire|alternan|"
    r"analista|desarrollador|técnico|camarer|cajer|engenheir|assistente|atendente|trainee|"
    r"estagiári|medewerker|ontwikkelaar|vakkenvuller|adviseur|impiegat|addett|sviluppator|"
    r"specjalista|księgow|kasjer|programist|inżynier|エンジニア|アナリスト|デザイナー|"
    r"マネージャー|職$|コンサルタント|候補$|programmer|commess|kierownik|\bjef[ea]\b|\bagente?\b|"
    r"verpleegkundige|magazijn|elettricist|operai|magazzinier"
)

# Who interviews, not what the job is ("hiring manager", "recruiter").
INTERVIEWER: Pattern[str] = re.compile(
    r"^(?:the |a |with |mit |avec |con )?(?:hiring manager|recruiter|talent partner|hr|"
    r"interviewer|manager)s?$",
    re.IGNORECASE,
)
# Never a role: a time of day ("15:00 hiring manager" is a schedule line).
_NOT_A_ROLE: Pattern[str] = re.compile(r"^\W*\d|\d{1,2}[:.h]\d\d")


def is_role(phrase: str) -> bool:
    """A phrase that names a job: a job-title word, and neither a time nor the interviewer."""
    if not ROLE_WORD.search(phrase.casefold()):
        return False
    return _NOT_A_ROLE.search(phrase) is None and INTERVIEWER.search(phrase) is None


_STOP = (
    r"(?=\s+(?:at|in|bei|chez|en|na|em|presso|w|bij|with|mit|avec|con|com|para|pour|for)\s"
    r"|\s*[.,;:!?\n(]|\s*$)"
)

# "the Data Analyst position", "position of X", "als X", "poste de X", "職種：X"...
_ROLE_PHRASES: tuple[Pattern[str], ...] = (
    re.compile(r"((?:[A-Z][\w&/+-]*[ \t]){1,5})(?:position|role|opening|vacancy|job)\b"),
    re.compile(
        r"(?i:\b(?:position|role|job|opening) (?:of|as|for)|\bposition:|\bvacancy:|"
        r"\bfür die position|\bposition|\bstelle als|\bbewerbung als|\bals|"
        r"\bposte(?: de| d'| :|:)?|\bau poste de|\bposici[oó]n de|\bpuesto(?: de)?|"
        r"\bvaga de|\bvaga:|\bfunctie(?: van)?|\bvacature|\bposizione(?: di)?|\bruolo(?: di)?|"
        r"\bstanowisko(?::)?|\bna stanowisko)"
        r"\s+([\w&/+-]+(?:[ \t][\w&/+-]+){0,5}?)" + _STOP
    ),
    re.compile(r"職種[:：]\s*(\S+)"),
)


_GATE: Pattern[str] = trie_pattern(ROLE_WORDS_NEEDED)
_LABEL = re.compile(
    r"(?i)^\s*(?:role|position|job|stelle|position|poste|puesto|posición|vaga|cargo|functie|"
    r"ruolo|posizione|stanowisko|職種)\s*[:：]\s*"
)
_LABELLED = re.compile(_LABEL.pattern + r"(.+?)\s*$")


def role_in_text(text: str) -> str | None:
    """The role named by a phrase of a description ("the Data Analyst position"...)."""
    for pattern in _ROLE_PHRASES:
        for match in pattern.finditer(text):
            role = _clean(match.group(1))
            if role and is_role(role):
                return role
    return None


def role_in_note(text: str) -> str | None:
    """A role written tersely in a short personal note ("teller position, with ...")."""
    if len(text) > 120:
        return None
    for line in text.splitlines():
        labelled = _LABELLED.match(line)
        if labelled and is_role(labelled.group(1)):
            return _clean(labelled.group(1))
    for chunk in re.split(r"[,;\n]|\.(?!\d)|\s-\s", text):
        words = chunk.split()
        if 0 < len(words) <= 4 and is_role(chunk):
            return _clean(
                _LABEL.sub("", re.sub(r"(?i)\s+(?:position|role|job|opening)$", "", chunk))
            )
    return None


def _clean(phrase: str) -> str:
    return phrase.strip(" \t-–—:|/.,").strip()
