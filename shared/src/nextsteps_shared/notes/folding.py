"""Folding a note to one spelling: NFKC, lower case, no accents on Latin letters."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_SPACES: Final = re.compile(r"[ \t\u00a0\u3000]+")
_LATIN_LIMIT: Final = 0x0250


def fold(text: str) -> str:
    """Return ``text`` folded: compatibility forms, lower case, Latin accents dropped.

    Accents are dropped only after Latin letters, so Japanese voiced kana keep their marks.
    Line breaks are kept; runs of other white space become one space.
    """
    if text.isascii():
        return _SPACES.sub(" ", text.lower())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    kept: list[str] = []
    previous = ""
    for char in decomposed:
        if unicodedata.combining(char) and previous and ord(previous) < _LATIN_LIMIT:
            continue
        kept.append(char)
        previous = char
    return _SPACES.sub(" ", unicodedata.normalize("NFC", "".join(kept)))
