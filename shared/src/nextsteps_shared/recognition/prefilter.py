"""The cheap first pass: one trie-shaped pattern of literals over the lower-cased text.

A pattern of many plain alternatives makes the regular-expression engine try each of them at
every position of a long description (Zoom or Teams boilerplate); merged into a trie, each
position costs one branch on its first character.
"""

from __future__ import annotations

import re
from re import Pattern

from nextsteps_shared.recognition.vocabulary import PREFILTER_WORDS

_Trie = dict[str, "_Trie"]


def trie_pattern(words: tuple[str, ...]) -> Pattern[str]:
    """One pattern matching any of ``words`` (literals), shaped as a prefix tree."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_branch(root))


def _branch(node: _Trie) -> str:
    if "" in node:
        return ""  # a shorter word already ends here: the rest adds nothing to "any of"
    alternatives = [re.escape(char) + _branch(child) for char, child in sorted(node.items())]
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


PREFILTER: Pattern[str] = trie_pattern(PREFILTER_WORDS)


def may_be_interview(lowered_text: str) -> bool:
    """False when no cue can fire in the text: the event is surely not an interview."""
    return PREFILTER.search(lowered_text) is not None


# Where meeting-tool boilerplate starts in a description: nothing after it is about the job.
BOILERPLATE_WORDS: tuple[str, ...] = (
    "────",
    "____",
    "-::~:~",
    "join zoom meeting",
    "microsoft teams meeting",
    "microsoft teams-",
    "réunion microsoft teams",
    "join with google meet",
    "unirse con google meet",
    "invitation from google calendar",
    "join on your computer",
    "click here to join",
)
_BOILERPLATE: Pattern[str] = trie_pattern(BOILERPLATE_WORDS)


def without_boilerplate(lowered_text: str) -> str:
    """The text before the first meeting-tool boilerplate (join links, dial-in numbers)."""
    match = _BOILERPLATE.search(lowered_text)
    return lowered_text[: match.start()] if match else lowered_text


def content_of(text: str) -> str:
    """``text`` (any case) before its meeting-tool boilerplate."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return text
    return text[: len(without_boilerplate(lowered))]


_FIRST_CUE_OR_BOILERPLATE: Pattern[str] = trie_pattern(PREFILTER_WORDS + BOILERPLATE_WORDS)
_BOILERPLATE_SET = frozenset(BOILERPLATE_WORDS)


def may_be_interview_before_boilerplate(lowered_text: str) -> bool:
    """Like ``may_be_interview`` over the text before its boilerplate, in one scan that stops
    at the first cue or the first boilerplate marker (the judgement reads no further)."""
    match = _FIRST_CUE_OR_BOILERPLATE.search(lowered_text)
    return match is not None and match.group(0) not in _BOILERPLATE_SET
