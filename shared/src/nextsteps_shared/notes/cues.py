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
    "calls me", "call you", "'ll call", "will call", "emails me", "'ll email", "will email",
    "'ll text", "will text", "will confirm", "'ll confirm", "says", "hear from",
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
    "reponse", "repond", "retour", "recontact", "reviennent", "revient", "reviendr", "revenir",
    "nouvelles", "appel",
    "resultat", "me dire", "au courant", "repousse", "delai", "rappel", "me confirm",
    # Spanish / Portuguese
    "respuesta", "decision", "contest", "avis", "diran", "dira", "llam", "resultado", "noticias",
    "escrib", "dice", "retrasa", "plazo", "retorno", "resposta", "decisao", "lig", "disse",
    "adiad", "prazo", "dao", "dar ", "me lo confirm", "me confirm", "avisa", "ligam", "ligar",
    "falam", "falar", "falou", "falaram", "dizem", "dizer", "dicono", "diranno", "sagen",
    "zeggen", "powie", "m'ont dit", "me dit",
    # Dutch
    "terugkoppel", "reactie", "uitslag", "beslis", "besluit", "weten", "hoor", "bel",
    "zegt", "uitgesteld", "termijn", "koppel", "laten weten", "laat weten", "knoop door",
    # Italian
    "rispost", "esito", "riscontr", "sapere", "sentiamo", "sentire", "ricontatt", "chiam",
    "slitta", "tempistic", "richiam", "mi conferm", "fanno sapere",
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
    "EARLY em", "inicio previsto", "inizio previsto", "ingresso previsto", "start previsto",
    "ingangsdatum", "opzegtermijn", "preavviso", "rozpoczec",
    "wypowiedzen", "入社",
    # events that are not a reply
    "offsite", "off-site", "teamevent", "team event", "seminaire", "workshop", "vacation",
    "pto", "ooo", "out of office", "she's out", "he's out", "they're out", "is out", "are out",
    "out until", "out till", "urlaub", "conge", "vacances", "vacaciones",
    "ferias", "vakantie", "ferie", "urlop", "休暇", "onsite", "interview is", "interview on",
    "round on", "scheduled", "booked", "second round", "2nd round", "final round on",
    "next round on", "zweites gesprach", "zweitgesprach", "probetag", "probearbeit",
    "deuxieme entretien", "second entretien", "entretien prevu", "segunda entrevista",
    "entrevista marcada", "tweede gesprek", "secondo colloquio", "colloquio fissato",
    "druga rozmowa", "drugi etap", "二次面接", "最終面接", "次回面接", "confirmed for",
    "is confirmed", "reschedul", "i'll follow up",
    "i will follow up", "i follow up", "i'd follow up", "i should follow up", "i'll ping",
    "i'll email", "i will email", "i'll call", "i will call", "i'll reach out", "i'll write",
    "i'll text", "i'll check in", "i'll nudge", "if nothing", "if i don't hear", "if no news",
    "falls ich nichts", "sonst frage ich", "sans nouvelles", "sinon je relance", "je relance",
    "si no me", "si no hay noticias", "se nao", "als ik niets", "se non sento", "jesli nie",
    "ich frage nach", "ich melde mich",
    "to recruiter", "to the recruiter", "to hr", "to the hiring manager", "to the team",
    "internally", "internal", "en interne", "intern ", "debrief WD", "debriefs", "debrief on",
    "debrief is", "debrief NEXT", "debrief TMRW", "debriefent", "hiring committee meets",
    # other candidates' interviews, the next round's date
    "other candidate", "another candidate", "andere kandidat", "anderen kandidat",
    "autre candidat", "autres candidat", "otro candidato", "otros candidato", "outro candidato",
    "outros candidato", "andere kandidat", "altro candidato", "altri candidat", "inny kandydat",
    "innych kandydat", "他の候補者", "another interview", "next interview", "otra entrevista",
    "proxima entrevista", "prochain entretien", "nachstes gesprach", "volgende gesprek",
    "prossimo colloquio", "kolejna rozmowa", "nastepna rozmowa", "runde am", "gesprach am",
    "termin am",
    # the length of the whole process, not a wait for news
    "in total", "total", "end to end", "end-to-end", "overall", "insgesamt",
    "au total", "en total", "no total", "in totaal", "in totale", "w sumie",
    "entrevista el", "面接", "portfolio review", "other offer",
    # the owner's own to-dos
    "i need to", "i have to", "i must", "i should", "i'll send", "i will send", "i owe",
    "i promised", "my deadline", "deadline", "note to self", "remind", "thank you", "thank-you",
    "prep", "need to", "asked me to", "wants me to", "ich schicke", "ich sende", "j'envoie",
    "m'a demande", "me pidio", "me pediu", "pediu pra eu", "pediu para eu", "pra eu", "para eu",
    "vroeg me", "mi ha chiesto", "bat mich", "poprosil", "i send", "i'll submit", "ich soll",
    "ich muss", "je dois", "tengo que", "debo ", "preciso",
    "tenho que", "ik moet", "devo ", "musze", "a rendre", "hand in", "submit", "abgeben",
    "entregar", "inleveren", "consegnare", "oddac", "odesłac", "提出", "課題", "availability",
    # money and ids
    "salary", "comp ", "gehalt", "salaire", "salari", "salaris", "ral ", "widełki", "widelki",
    "meeting id", "passcode", "pin:", "pin ", "dial", "phone", "call me at",
)

HEDGES: Final[tuple[str, ...]] = (
    "maybe", "probably", "prob ", "i think", "i guess", "perhaps", "might", "possibly",
    "hopefully", "i hope", "could be", "even", "or sooner", "or earlier", "likely",
    "presumably", "realistically", "wohl", "pewnie", "vielleicht",
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


# A word for something else that is only the topic of the news ("let me know about the onsite
# by 2/13", "Rückmeldung zum Probetag") does not point the timing elsewhere.
_TOPIC: Final = re.compile(
    r"(?<!\w)(?:about|regarding|re:?|wrt|concerning|uber|bezuglich|zum|zur|sur|concernant|"
    r"au sujet d[eu']|sobre|acerca de|over|riguardo|w sprawie|dotyczac\w*) "
    r"(?:(?:the|my|our|a|an|le|la|les|l'|el|los|las|o|os|as|de|het|il|lo|i|mio|mia|moj\w*|"
    r"dem|der|den) ?)?$|について$"
)


def _is_topic(text: str, start: int) -> bool:
    return _TOPIC.search(text, max(0, start - 24), start) is not None


_FIRST_PERSON: Final = re.compile(r"i[' ]|ich |je |j'|ik |yo |eu ")


def _is_quoted_first_person(text: str, start: int) -> bool:
    """"I'll text you" inside double quotes is the employer speaking, not the owner's to-do."""
    if not _FIRST_PERSON.match(text, start):
        return False
    before = text[:start]
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


def _counts(text: str, start: int, positive: bool) -> bool:
    return positive or not (_is_topic(text, start) or _is_quoted_first_person(text, start))


@lru_cache(maxsize=64)
def _cues(text: str) -> list[tuple[int, int, bool]]:
    found = [(m.start(), m.end(), m.group("pos") is not None) for m in _CUES.finditer(text)]
    return [cue for cue in found if _counts(text, cue[0], cue[2])]


def verdict(text: str, start: int, end: int) -> bool | None:
    """True if the cue nearest before ``text[start:end]`` (else after it) is "hear back".

    False for a nearer other-purpose cue, None when ``text`` has no cue at all. On a tie the
    other-purpose cue wins.
    """
    cues = [cue for cue in _cues(text) if not (cue[0] >= start and cue[1] <= end)]
    before = [cue for cue in cues if cue[0] < start]  # also one that runs into it ("debrief WD")
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


_LEAD_AFTER: Final = re.compile(
    r"^['\"]? ?(?:in advance|beforehand|ahead of|prior to|before (?:the|your|our) "
    r"(?:interview|meeting|call)|notice(?! ?period)|ago|vorher|im voraus|vorab|a l'avance|"
    r"d'avance|de antelacion|de antemano|de antecedencia|com antecedencia|van tevoren|vooraf|"
    r"in anticipo|"
    r"z wyprzedzeniem)(?!\w)"
)
_PERIOD: Final = re.compile(r"[A-Z ]*(?:WEEK|EOW|MONTH)[A-Z ]*")
_SUBJECT_AFTER: Final = re.compile(
    r" ?(?:is|ist|est|es|jest|wird|was|will be|sera|sara|wordt|zal zijn|fica)(?!\w)"
)
_RATE_AFTER: Final = re.compile(
    r" ?(?:/ ?|per |pro |par |por |al |a la |alla |1 )(?:WEEKS|MONTHS?)(?!\w)"
)
_DURATION: Final = re.compile(r"\d ?(?:BDAYS|DAYS|WEEKS|MONTHS?|HOURS)$")
_SPAN_BEFORE: Final = re.compile(
    r"(?<!\w)(?:first|erste[nmrs]?|premier[es]*|primer[oa]s|primeir[oa]s|eerste|prim[ie]|"
    r"pierwsz\w*|最初の|il y a|hace|ha|vor) ?$"
)


def is_duration(mention: str) -> bool:
    """Whether a mention's canonical text is a duration ("2 WEEKS", "3-5 BDAYS")."""
    return _DURATION.search(mention) is not None


def is_not_a_wait(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a lead time or a span of work, not a wait for news.

    "at least 24 hours in advance", "two weeks' notice", "my first 90 days", "3 days ago",
    "next week is a holiday week".
    """
    if _LEAD_AFTER.search(text[end:]):
        return True
    if _RATE_AFTER.match(text, end):
        return True  # "2 Tage/Woche", "3 days per week": a rate, not a wait
    if _PERIOD.fullmatch(text, start, end) and _SUBJECT_AFTER.match(text, end):
        return True  # "next week is the July 4th week": a subject, not a timing
    return bool(_DURATION.search(text[start:end]) and _SPAN_BEFORE.search(text[:start]))


_LATEST_BEFORE: Final = re.compile(
    r"(?:at the (?:very )?latest|latest|no later than|not later than|worst case|spatestens|"
    r"au plus tard|a mas tardar|como (?:mas )?tarde|como maximo|no maximo|uiterlijk|"
    r"al piu tardi|najpozniej|遅くとも) ?(?:(?:by|bis|le|el|on|the|il|do|op|o|a|em|dia|am|w|"
    r"in|en|zum|ate|entro|tot|voor) )*$"
)
_LATEST_AFTER: Final = re.compile(
    r" ?(?:at the (?:very )?latest|latest|au plus tard|spatestens|al piu tardi|najpozniej|"
    r"max(?:imum)?|tops|a mas tardar|no maximo|uiterlijk)(?!\w)"
)


def is_latest(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is stated as the latest date ("by 3/16 at the latest")."""
    return bool(_LATEST_BEFORE.search(text[:start]) or _LATEST_AFTER.match(text, end))


def has_negative(text: str) -> bool:
    return _NEGATIVE.search(text) is not None


def is_hedged(text: str) -> bool:
    return _HEDGE.search(text) is not None
