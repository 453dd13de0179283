"""Rewriting a folded note into canonical tokens the timing grammar reads.

Weekdays become ``WD0``..``WD6``, months ``M1``..``M12``, number words digits, and phrases such
as "end of the week" or "semaine prochaine" tokens like ``EOW`` and ``NEXTWEEK`` (see
:mod:`nextsteps_shared.notes.lexicon`). Punctuation and line breaks are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from nextsteps_shared.notes.alternation import literal_alternation
from nextsteps_shared.notes.lexicon import (
    MONTHS,
    NUMBERS,
    PHRASES,
    TYPO_TARGETS,
    TYPOS,
    UNITS,
    WEEKDAYS,
)

_GERMAN_SHORT_DAYS: Final = {"mo": "montag", "di": "dienstag", "mi": "mittwoch",
                             "do": "donnerstag", "fr": "freitag"}

# What may follow a number that is not a day of the month ("le 20 mars", "el 2 de", "il 10 giorni")
_AMOUNT_OR_MONTH: Final = literal_alternation(
    [*(word for words in MONTHS for word in words), *(w for ws in UNITS.values() for w in ws),
     "k", "de", "of", "por", "per", "pour", "mil", "euro", "eur", "uhr", "pm", "am", "ans",
     "anos", "jahre", "years", "ppl", "people", "personas", "personnes", "candidat",
     "candidatos", "rounds", "rondas", "tours", "x"]
)

# Rewrites that need context; applied in order before the phrase table.
_Rewrite = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]
_LATIN_REWRITES: Final[tuple[_Rewrite, ...]] = (
    (re.compile(r"\b(?:ca|approx|appr|env|aprox|ok)\.\s*|~|\bcirca\b"), " "),
    (re.compile(r"(?<![\w.])(\d+)d\b"), r"\1 days"),
    (re.compile(r"(?<![\w.])(\d+)(wks?|weeks?|days?|hrs|bd)\b"), r"\1 \2"),
    (re.compile(r"(?<![\w.:])(\d+) ?h\b(?![\d:])"), r"\1 hours"),
    (re.compile(r"\b(?:entro il|il|le|el|al|del|zum|dem|den|o dia|ate o|avant le|d'ici le) "
                rf"(\d{{1,2}})\b(?![\d/:,%]|\.\d| ?(?:{_AMOUNT_OR_MONTH})(?![\w]))"), r"the \1th"),
    (re.compile(r"\bdia (\d{1,2})\b(?! de\b| ?(?:dias|-))"), r"the \1th"),
    (re.compile(r"\bbis zum (\d{1,2})\.(?![\d\w])(?! ?[a-z])"), r"by the \1th"),
    (re.compile(r"\b(segunda|terca|quarta|quinta)\b(?!-feira| feira| (?:entrevista|etapa|fase"
                r"|rodada|vez|reuniao|conversa|chamada))"), r"\1-feira"),
    (re.compile(r"\bmay\b(?= ?\d)"), "mai"),
    (re.compile(r"\b(\d{1,2}(?:st|nd|rd|th)?|early|mid|late|in|end of|of)([ -])may\b"),
     r"\1\2mai"),
    (re.compile(r"\b(by|on|until|till|til|next|this) mon\b|\bmon\b(?= ?(?:eod|cob|\d|[.,;)!]|$))"),
     lambda m: f"{m.group(1)} monday" if m.group(1) else "monday"),
    (re.compile(r"\bw/c\b|\bweek (?:commencing|beginning|starting)\b"), "week of"),
    (re.compile(r"\bbis (mo|di|mi|do|fr)\b\.?"),
     lambda m: f"bis {_GERMAN_SHORT_DAYS[m.group(1)]}"),
)
_JAPANESE_REWRITES: Final[tuple[_Rewrite, ...]] = (
    (re.compile(r"(\d{1,2})月(\d{1,2})日"), r" M\1 \2 "),
    (re.compile(r"(\d{1,2})月中旬"), r" MID M\1 "),
    (re.compile(r"(\d{1,2})月(?:末|下旬|中(?!旬))"), r" ENDOF M\1 "),
    (re.compile(r"(\d{1,2})月(?:上旬|初旬|初め|頭)"), r" EARLY M\1 "),
    (re.compile(r"来月(?:末|下旬)"), " ENDOF NEXTMONTH "),
    (re.compile(r"来月(?:上旬|初旬|初め|頭)"), " EARLY NEXTMONTH "),
    (re.compile(r"来月中旬"), " MID NEXTMONTH "),
    (re.compile(r"来週(?:前半|初め|頭|早々)"), " EARLY NEXTWEEK "),
    (re.compile(r"来週(?:半ば|中頃)"), " MID NEXTWEEK "),
    (re.compile(r"来週末"), " ENDOF NEXTWEEK "),
    (re.compile(r"週明け"), " EARLY NEXTWEEK "),
    (re.compile(r"(\d{1,2})日(?=まで|に|頃)"), r" the \1th "),
)
_HAS_CJK: Final = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")

_WORD: Final = re.compile(r"[a-z']+")


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for token, words in UNITS.items():
        table.update(dict.fromkeys(words, f" {token} "))
    for index, words in enumerate(MONTHS, start=1):
        table.update(dict.fromkeys(words, f" M{index} "))
    for index, words in enumerate(WEEKDAYS):
        table.update(dict.fromkeys(words, f" WD{index} "))
    for token, words in PHRASES.items():
        table.update(dict.fromkeys(words, f" {token} "))
    return table


def _alternation(phrases: Iterable[str], bounded: bool) -> re.Pattern[str]:
    body = literal_alternation(phrases)
    if bounded:  # a quote mark next to a word is not part of it ('next week')
        return re.compile(rf"(?<!\w)(?<!\w')(?:{body})(?!\w)(?!'\w)")
    return re.compile(rf"(?:{body})")


def _is_cjk(phrase: str) -> bool:
    return any(ord(char) > 0x2E80 for char in phrase)


_NUMBERS: Final = {word: digits for digits, words in NUMBERS.items() for word in words}
_AMOUNT_AHEAD: Final = (
    r"(?=(?: *(?:-|–|to|or|bis|a|ou|o|y|e|tot|do|of|und|and) *(?:\d+|{alt}))? *"
    r"(?:BDAYS|DAYS|WEEKS|MONTHS?|HOURS)\b)"
)
_LATIN_NUMBER_WORDS: Final = literal_alternation(w for w in _NUMBERS if not _is_cjk(w))
_LATIN_NUMBERS: Final = re.compile(
    rf"(?<!\w)(?<!\w')(?:{_LATIN_NUMBER_WORDS})(?!\w)(?!'\w)"
    + _AMOUNT_AHEAD.format(alt=_LATIN_NUMBER_WORDS)
)
_CJK_NUMBERS: Final = re.compile(
    "(?:" + literal_alternation(w for w in _NUMBERS if _is_cjk(w)) + ")"
    + _AMOUNT_AHEAD.format(alt="[一二三四五六七八九十]")
)
_TABLE: Final = _table()
_LATIN: Final = _alternation((p for p in _TABLE if not _is_cjk(p)), bounded=True)
_CJK: Final = _alternation((p for p in _TABLE if _is_cjk(p)), bounded=False)
_MULTISPACE: Final = re.compile(r" {2,}")
# "fin de semaine prochaine", "final de semana que vem": the end of the following week
_NEXT_WEEKEND: Final = re.compile(r"\bEOW (?:NEXT\b(?!STEPS)|NEXTWEEK\b)")
_JOINED_PART: Final = re.compile(r"\b(EARLY|MID|ENDOF) ?- ?(?=[A-Z])")


def _replace(match: re.Match[str]) -> str:
    return _TABLE[match.group(0)]


def _number(match: re.Match[str]) -> str:
    return _NUMBERS[match.group(0)]


def _slips(word: str) -> Iterator[str]:
    """``word`` with one letter dropped or two neighbours swapped."""
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]
        if index + 1 < len(word):
            yield word[:index] + word[index + 1] + word[index] + word[index + 2 :]


def _typo_table() -> dict[str, str]:
    known = {word for words in (*WEEKDAYS, *MONTHS) for word in words} | set(PHRASES)
    table = {slip: word for word in TYPO_TARGETS for slip in _slips(word)
             if len(slip) >= _MIN_SLIP and slip != word and slip not in known}
    return {**table, **TYPOS}


_MIN_SLIP: Final = 6
_TYPOS: Final = _typo_table()


def _fix_typo(match: re.Match[str]) -> str:
    word = match.group(0)
    return _TYPOS.get(word, word)


def canonicalise(folded: str) -> str:
    """Rewrite folded note text into canonical tokens (see the module docstring)."""
    text = _WORD.sub(_fix_typo, folded)
    cjk = _HAS_CJK.search(text) is not None
    for pattern, replacement in _LATIN_REWRITES + (_JAPANESE_REWRITES if cjk else ()):
        text = pattern.sub(replacement, text)
    text = _LATIN.sub(_replace, text)
    if cjk:
        text = _CJK_NUMBERS.sub(_number, _CJK.sub(_replace, text))
    text = _LATIN_NUMBERS.sub(_number, text)
    text = _NEXT_WEEKEND.sub("ENDOF NEXTWEEK", _MULTISPACE.sub(" ", text))
    return _JOINED_PART.sub(r"\1 ", text)
