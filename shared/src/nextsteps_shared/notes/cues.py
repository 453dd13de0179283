"""Cue words that tell whether a timing is about hearing back, and whether it is a guess.

A timing counts when the nearest cue before it in its clause (else the nearest after it in the
clause, else the nearest earlier in its sentence) is a "hear back" cue; a nearer cue for
something else (a start date, an offsite, the owner's own to-do, a salary, the next interview's
date) discards it. Deadlines written as such ("by Jan 8", "までに") may count without a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from nextsteps_shared.notes.alternation import literal_alternation

POSITIVE: Final[tuple[str, ...]] = (
    # English
    "feedback", "decision", "decid", "hear", "heard", "get back", "getting back", "back to me",
    "back to you", "let me know", "let you know", "know", "answer", "respon", "reply", "revert",
    "reach", "in touch", "text me", "ping me", "message me", "contact", "call me",
    "call back", "email me", "result", "outcome",
    "update me", "circle back", "come back", "verdict", "offer", "news", "timeline",
    "expect", "they'll", "they will", "she'll", "he'll", "we'll", "said", "told me", "pushed",
    "postpon", "delay", "moved to", "slipp", "NEXTSTEPS", "notify", "notif",
    "at the latest", "latest by", "no later than", "not later than", "spatestens", "au plus tard",
    "como maximo", "no maximo",
    "uiterlijk", "al piu tardi", "najpozniej", "contract", "offer letter", "vertrag", "contrat",
    "contrato", "contratto", "umow", "契約",
    # German
    "ruckmeld", "entscheid", "meld", "bescheid", "antwort", "ergebnis", "zusage", "absage",
    "horen", "ruf", "sagt", "verschoben", "zeitplan", "geben mir",
    # French
    "reponse", "repond", "retour", "recontact", "reviennent", "revenir", "nouvelles", "appel",
    "resultat", "me dire", "au courant", "repousse", "delai",
    # Spanish / Portuguese
    "respuesta", "decision", "contest", "avis", "diran", "dira", "llam", "resultado", "noticias",
    "escrib", "dice", "retrasa", "plazo", "retorno", "resposta", "decisao", "lig", "disse",
    "adiad", "prazo", "dao", "dar ",
    "falam", "falar", "falou", "falaram", "dizem", "dizer", "dicono", "diranno", "sagen",
    "zeggen", "powie", "m'ont dit", "me dit",
    # Dutch
    "terugkoppel", "reactie", "uitslag", "beslis", "besluit", "weten", "hoor", "bel",
    "zegt", "uitgesteld", "termijn",
    # Italian
    "rispost", "esito", "riscontr", "sapere", "sentiamo", "sentire", "ricontatt", "chiam",
    "slitta", "tempistic",
    # Polish
    "odpowied", "decyzj", "informacja zwrotna", "odezw", "zadzwoni", "wynik", "znac",
    "przesuni", "mowi",
    # Japanese
    "連絡", "返事", "結果", "回答", "合否", "返信", "通知", "延期",
)

NEGATIVE: Final[tuple[str, ...]] = (
    # start dates, notice periods
    "start", "starting", "onboarding", "first day", "notice period", "eintritt", "arbeitsbeginn",
    "beginn", "kundigung", "prise de poste", "demarrage", "preavis", "incorporacion", "empez",
    "EARLY em", "previsto", "ingangsdatum", "opzegtermijn", "preavviso", "rozpoczec",
    "wypowiedzen", "入社",
    # events that are not a reply
    "offsite", "off-site", "teamevent", "team event", "seminaire", "workshop", "vacation",
    "pto", "ooo", "out of office", "urlaub", "conge", "vacances", "vacaciones",
    "ferias", "vakantie", "ferie", "urlop", "休暇", "onsite", "interview is", "interview on",
    "round on", "scheduled", "booked", "second round", "2nd round", "final round on",
    "next round on", "zweites gesprach", "zweitgesprach", "probetag", "probearbeit",
    "deuxieme entretien", "second entretien", "entretien prevu", "segunda entrevista",
    "entrevista marcada", "tweede gesprek", "secondo colloquio", "colloquio fissato",
    "druga rozmowa", "drugi etap", "二次面接", "最終面接", "次回面接", "confirmed for",
    "is confirmed", "reschedul", "i'll follow up",
    "i will follow up", "i follow up", "i'd follow up", "i should follow up", "i'll ping",
    "to recruiter", "to the recruiter", "to hr", "to the hiring manager", "to the team",
    "internally", "internal",
    "entrevista el", "面接", "portfolio review", "other offer",
    # the owner's own to-dos
    "i need to", "i have to", "i must", "i should", "i'll send", "i will send", "i owe",
    "i promised", "my deadline", "deadline", "note to self", "remind", "thank you", "thank-you",
    "prep", "need to", "ich soll", "ich muss", "je dois", "tengo que", "debo ", "preciso",
    "tenho que", "ik moet", "devo ", "musze", "a rendre", "hand in", "submit", "abgeben",
    "entregar", "inleveren", "consegnare", "oddac", "odesłac", "提出", "課題", "availability",
    # money and ids
    "salary", "comp ", "gehalt", "salaire", "salari", "salaris", "ral ", "widełki", "widelki",
    "meeting id", "passcode", "pin", "dial", "phone", "call me at",
)

HEDGES: Final[tuple[str, ...]] = (
    "maybe", "probably", "prob ", "i think", "i guess", "perhaps", "might", "possibly",
    "hopefully", "i hope", "could be", "even", "or sooner", "or earlier", "vielleicht",
    "wahrscheinlich", "eventuell", "ich glaube", "ich denke", "vermutlich", "hoffentlich",
    "peut-etre", "probablement", "je pense", "je crois", "sans doute", "quizas", "quiza",
    "tal vez", "a lo mejor", "probablemente", "creo que", "talvez", "provavelmente",
    "acho que", "misschien", "waarschijnlijk", "ik denk", "wellicht", "forse",
    "probabilmente", "credo", "penso", "magari", "moze", "chyba", "prawdopodobnie", "mysle",
    "かも", "たぶん", "多分", "おそらく",
)


def _is_cjk(stem: str) -> bool:
    return ord(stem[0]) > 0x2E80


def _source(stems: Iterable[str]) -> str:
    stems = tuple(stems)
    latin = literal_alternation(stem for stem in stems if not _is_cjk(stem))
    cjk = literal_alternation(stem for stem in stems if _is_cjk(stem))
    return f"(?<![\\w])(?:{latin})" + (f"|(?:{cjk})" if cjk else "")


_CUES: Final = re.compile(f"(?P<neg>{_source(NEGATIVE)})|(?P<pos>{_source(POSITIVE)})")
_NEGATIVE: Final = re.compile(_source(NEGATIVE))
_HEDGE: Final = re.compile(_source(HEDGES))


@lru_cache(maxsize=64)
def _cues(text: str) -> list[tuple[int, int, bool]]:
    return [(m.start(), m.end(), m.group("pos") is not None) for m in _CUES.finditer(text)]


def verdict(text: str, start: int, end: int) -> bool | None:
    """True if the cue nearest before ``text[start:end]`` (else after it) is "hear back".

    False for a nearer other-purpose cue, None when ``text`` has no cue at all. On a tie the
    other-purpose cue wins.
    """
    cues = [cue for cue in _cues(text) if not (cue[0] >= start and cue[1] <= end)]
    before = [cue for cue in cues if cue[1] <= start]
    if before:
        nearest = max(before, key=lambda cue: (cue[1], not cue[2]))
        return nearest[2]
    after = [cue for cue in cues if cue[0] >= end]
    if after:
        nearest = min(after, key=lambda cue: (cue[0], cue[2]))
        return nearest[2]
    return None


_BY_BEFORE: Final = re.compile(
    r"(?:(?<![\w])(?:by|bis|before|until|d'ici|avant|hasta|antes del?|ate|voor|uiterlijk|entro|"
    r"do|prima del?|tot)|まで|までに) ?$"
)
_BY_AFTER: Final = re.compile(r"^ ?(?:までに|まで)")


def is_deadline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written as a deadline ("by Friday", "金曜日までに")."""
    return bool(_BY_BEFORE.search(text[:start]) or _BY_AFTER.search(text[end:]))


def has_negative(text: str) -> bool:
    return _NEGATIVE.search(text) is not None


def is_hedged(text: str) -> bool:
    return _HEDGE.search(text) is not None
