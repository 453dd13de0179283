"""Outcomes the owner noted in an interview: an offer, a rejection, word back, a withdrawal.

A tag (``#offer``, ``#rejected``, ``#heard-back``, ``#withdrawn``) wins. Otherwise plain words
in the nine supported languages count unless the words just before them negate or defer them
("no offer yet", "haven't heard back", "if they reject me", "noch keine Absage"), or name
the decision still to come ("Zu- oder Absage bis Freitag"). When several
outcomes are noted the last specific one (offer, rejected, withdrawn) counts; word back alone
counts only when no specific outcome is noted.
"""

from __future__ import annotations

import re
from typing import Final

from nextsteps_shared.notes.folding import fold
from nextsteps_shared.notes.reading import Outcome

_TAG: Final = re.compile(r"#(offer|rejected|rejection|heard[-_]?back|withdrawn|withdrew)\b")
_TAGS: Final = {"offer": Outcome.OFFER, "rejected": Outcome.REJECTED,
                "rejection": Outcome.REJECTED, "withdrawn": Outcome.WITHDRAWN,
                "withdrew": Outcome.WITHDRAWN}

_WORDS: Final[dict[Outcome, tuple[str, ...]]] = {
    Outcome.WITHDRAWN: (
        r"i withdrew", r"withdrew (?:my )?(?:application|candidacy|from)", r"withdrawn",
        r"i pulled out", r"pulled my application", r"i declined (?:the|their|an?) offer",
        r"declined the offer", r"turned down (?:the|their) offer", r"i dropped out",
        r"accepted (?:another|a different|an other) offer", r"no longer interested",
        r"zuruckgezogen", r"ich habe abgesagt", r"hab abgesagt", r"retire ma candidature",
        r"je me suis retire", r"(?:j'ai|j ai) (?:decline|refuse) (?:l'|leur |votre )?offre",
        r"retire mi candidatura", r"me retire", r"(?:rechace|decline) la oferta",
        r"retirei (?:a |minha )?candidatura", r"desisti", r"recusei (?:a )?(?:proposta|oferta)",
        r"teruggetrokken", r"afgehaakt", r"heb afgezegd", r"ritirato (?:la )?candidatura",
        r"ho rinunciato", r"ho rifiutato (?:l'|la )?offerta", r"wycofał(?:em|am)",
        r"zrezygnował(?:em|am)", r"odrzucił(?:em|am) oferte", r"辞退",
    ),
    Outcome.REJECTED: (
        r"rejected", r"rejection", r"turned me down", r"not (?:be )?moving forward",
        r"won't be moving forward", r"decided to (?:go|move forward|proceed) with (?:another|other"
        r"|a different|someone)", r"no longer (?:being )?considered", r"unsuccessful",
        r"didn't get (?:it|the job|the role|the offer|the position)", r"did not get the",
        r"went with (?:another|someone else|a different|an internal)", r"they passed",
        r"absage", r"abgelehnt", r"haben sich fur (?:einen |eine )?ander", r"refus",
        r"reponse negative", r"(?:non|pas) retenue?", r"pas (?:de )?suite favorable",
        r"rechaz", r"respuesta negativa", r"no (?:he sido |fui )?seleccionad", r"descartad",
        r"rejeitad", r"reprovad", r"nao fui selecionad", r"nao passei", r"resposta negativa",
        r"afgewezen", r"afwijzing", r"scartat", r"rifiut", r"esito negativo",
        r"non (?:sono stat[oa] )?selezionat", r"odmow", r"odrzuc", r"negatywn",
        r"nie przeszł", r"お見送り", r"不採用", r"不合格", r"落ちた",
    ),
    Outcome.OFFER: (
        r"(?:got|received|have|had|gotten|landed) (?:an?|the|my|their) (?:verbal |written |"
        r"formal |job )?offer", r"offer (?:received|in hand|made|extended|accepted)",
        r"verbal offer", r"(?:they )?offered me", r"they made (?:me )?an offer",
        r"accepted (?:the|their) offer", r"signed (?:the )?(?:offer|contract)", r"got the job",
        r"zusage", r"angebot (?:erhalten|bekommen)", r"vertragsangebot", r"offre recue",
        r"(?:j'ai|j ai) (?:recu|eu) (?:une |l'|leur )?offre", r"promesse d'embauche",
        r"ils m'ont fait une offre", r"oferta recibida", r"(?:recibi|me hicieron) (?:una |la )?"
        r"oferta", r"me ofrecieron", r"(?:recebi|tenho) (?:a |uma )?(?:proposta|oferta)",
        r"proposta recebida", r"me ofereceram", r"fui aprovad", r"aanbod (?:gekregen|ontvangen)",
        r"(?:heb|kreeg) (?:een|het) aanbod", r"aangenomen", r"offerta ricevuta",
        r"(?:ho ricevuto|mi hanno fatto) (?:l'|un'|una )?offerta", r"mi hanno offerto",
        r"(?:dostał|otrzymał)(?:em|am) (?:oferte|propozycje)", r"oferta otrzymana",
        r"zaproponowali mi", r"内定", r"オファー(?:を)?(?:もらった|いただいた|受けた|が出た|獲得)",
    ),
    Outcome.HEARD_BACK: (
        r"heard back", r"heard from (?:them|the|her|him|hr|recruit)", r"got back to me",
        r"got (?:a|an|the|their) (?:reply|response|answer|update|call|email|feedback)",
        r"(?:recruiter|hr|they|she|he|hiring manager) (?:replied|responded|called back)",
        r"invited (?:me )?to (?:the )?(?:next|final|onsite|second|2nd|3rd)",
        r"moving (?:me )?forward to", r"ruckmeldung (?:erhalten|bekommen|kam)",
        r"antwort (?:erhalten|bekommen|kam)", r"(?:haben|hat) sich (?:gemeldet|zuruckgemeldet)",
        r"(?:j'ai|j ai) (?:eu|recu) (?:un |une |des |le |la |leur )?(?:retour|reponse|nouvelles)",
        r"m'ont (?:repondu|rappele|recontacte)", r"m'a (?:repondu|rappele|recontacte)",
        r"me (?:respondieron|contestaron|llamaron|escribieron)",
        r"(?:recibi|tuve) (?:respuesta|noticias)", r"(?:recebi|tive) (?:o |um |uma )?"
        r"(?:retorno|resposta|feedback)", r"me (?:responderam|ligaram|retornaram)",
        r"(?:heb|kreeg) (?:terugkoppeling|reactie|antwoord|bericht)",
        r"(?:hebben|heeft) (?:gebeld|gereageerd|teruggebeld)", r"reactie ontvangen",
        r"(?:ho ricevuto|ricevuto) (?:la |una )?(?:risposta|riscontro|feedback)",
        r"mi hanno (?:risposto|richiamato|ricontattato)", r"risposta ricevuta",
        r"(?:dostał|otrzymał)(?:em|am) (?:odpowiedz|informacj|feedback)", r"odezwali sie",
        r"odpisali", r"zadzwonili", r"連絡(?:が|は)?(?:あった|来た|きた|あり|もらった)",
        r"返事(?:が|を)?(?:来た|きた|もらった)", r"回答(?:が|を)?(?:来た|きた|もらった)",
    ),
}

_PRIORITY: Final = {Outcome.HEARD_BACK: 0, Outcome.OFFER: 1, Outcome.REJECTED: 2,
                    Outcome.WITHDRAWN: 3}


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = [word if ord(word[0]) > 0x2E80 else rf"(?<![\w]){word}" for word in words]
    return re.compile("|".join(parts))


_PATTERNS: Final = tuple((outcome, _compile(words)) for outcome, words in _WORDS.items())
_NEGATION: Final = re.compile(
    r"(?<![\w'])(?:no|not|n't|never|hope|hoping|if|when|until|will|would|might|maybe|expect"
    r"|expecting|should|could|whether|once|pending|await|awaiting|waiting|still|yet|kein|keine"
    r"|keinen|nicht|noch|falls|wenn|ob|hoffe|warte|pas|aucun|aucune|si|quand|attends|attente"
    r"|espere|jamais|sin|todavia|aun|cuando|espero|esperando|nao|sem|ainda|se|quando"
    r"|aguardando|geen|niet|nog|als|wanneer|hoop|wacht|non|nessun|nessuna|ancora|spero"
    r"|aspetto|nie|brak|jeszcze|jesli|czekam)(?![\w'])|n't|まだ|もし"
)
_CJK_DENIAL: Final = re.compile(r"^[^。、\n]{0,3}(?:ない|なし|ず|ません)")
_CLAUSE_START: Final = re.compile(r"[.!?;。！？\n]")
_WINDOW: Final = 30
# "Zu- oder Absage kommt Mitte März", "offer or rejection by Friday", "Zusage/Absage": pending
_EITHER: Final = r"(?:oder|or|ou|of|lub|albo|czy|oppure|又は|または)"
_EITHER_BEFORE: Final = re.compile(rf"(?:(?<![\w]){_EITHER} |\w/ ?)$")
_EITHER_AFTER: Final = re.compile(rf"^\w*(?: (?:{_EITHER}|o)(?![\w])| ?/\w)")
_QUESTION: Final = re.compile(r"^[^.!;\n]*\?")


def _negated(text: str, start: int, end: int) -> bool:
    """Negated, deferred, or asked ("Rejected? No...") rather than stated."""
    boundary = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    before = text[max(boundary, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    return (
        _NEGATION.search(before) is not None
        or _CJK_DENIAL.search(after) is not None
        or _QUESTION.search(after) is not None
        or _EITHER_BEFORE.search(before) is not None
        or _EITHER_AFTER.search(after) is not None
    )


def _tagged(folded: str) -> Outcome | None:
    tags = _TAG.findall(folded)
    if not tags:
        return None
    tag = tags[-1].replace("_", "-")
    return _TAGS.get(tag, Outcome.HEARD_BACK)


def find_outcome(text: str) -> Outcome | None:
    """The outcome the owner noted in ``text``, or None (see the module docstring)."""
    folded = fold(text)
    tagged = _tagged(folded)
    if tagged is not None:
        return tagged
    found: list[tuple[bool, int, int, Outcome]] = []
    for outcome, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if not _negated(folded, match.start(), match.end()):
                specific = outcome is not Outcome.HEARD_BACK
                found.append((specific, match.start(), _PRIORITY[outcome], outcome))
    return max(found)[3] if found else None
