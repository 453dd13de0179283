"""Cutting a folded note into update segments, sentences and clauses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Final

from nextsteps_shared.notes import reckoning as rk

_UPDATE: Final = re.compile(
    r"^[ \-*•>#]*(?:update[sd]?|upd|edit(?:ed)?|nachtrag|aktualisierung|mise a jour|maj|"
    r"actualizacion|actualizado|atualizacao|atualizado|aanvulling|aggiornamento|aggiornato|"
    r"aktualizacja|later|追記|更新)(?![a-z])[ ]*(?:\(?(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})"
    r"\.?(?:[./-]\d{2,4})?\)?)?[ ]*[:：\-–—][ ]*",
    re.MULTILINE,
)
# A dot after a written date ends a sentence before a word ("by 29/01. Notice period"), never
# inside a date ("27.02.", "10.3"), after an ordinal ("2. Runde") or before a month ("27. März").
_SENTENCE_END: Final = re.compile(
    r"(?<!\d)[.!?]+[\"')]*(?=\s|$)|(?:(?<=\d[/.\-]\d)|(?<=\d[/.\-]\d\d))\.(?=[ \t]+(?!M\d)[a-zA-Z])"
    r"|[。！？]+|\n"
)
# A comma between a weekday and its date ("Friday, 5/1", "Fri, March 20") joins them.
_CLAUSE_BREAK: Final = re.compile(
    r"(?:(?<!WD\d)(?<!WD\d ),|,(?! ?(?:\d|M\d)))|[;、，]|:(?!\d)|：|\s[-–—=]+>?\s|->|=>|→|"
    r"[()\[\]]|\s[-–—]$"
)


@dataclass(frozen=True)
class Segment:
    """A stretch of the note: the first notes, or an update appended later."""

    text: str
    is_update: bool
    reference: date | None = None  # the update's own date, when it gives one


def _update_date(match: re.Match[str], interview: date, month_first: bool) -> date | None:
    if not match.group("a"):
        return None
    first, second = int(match.group("a")), int(match.group("b"))
    dotted = match.group("sep") == "."
    month, day = (first, second) if month_first and not dotted else (second, first)
    found = rk.upcoming(interview, month, day)
    return found if found is None or found >= interview else None


def split_updates(folded: str, interview: date, month_first: bool) -> list[Segment]:
    """The note's first part, then each update (a line opening with "Update:", "追記:"...)."""
    markers = list(_UPDATE.finditer(folded))
    segments = [Segment(folded[: markers[0].start()] if markers else folded, False)]
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(folded)
        reference = _update_date(marker, interview, month_first)
        segments.append(Segment(folded[marker.end() : stop], True, reference))
    return segments


def _pieces(text: str, breaks: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    start = 0
    for match in breaks.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def sentences(text: str) -> Iterator[str]:
    for start, end in _pieces(text, _SENTENCE_END):
        yield text[start:end]


def clauses(sentence: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each clause of ``sentence``."""
    return _pieces(sentence, _CLAUSE_BREAK)
