"""The pattern shaping used for speed keeps the meaning of the patterns."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from nextsteps_shared.recognition.prefilter import trie_pattern
from nextsteps_shared.recognition.vocabulary import any_of

ALTERNATIVES = (
    r"\binterview\b",
    r"\bintro(?:ductory)? (?:call|chat)",
    r"\b(?:job|tech|phone) interview",
    r"(?<!case )\bstudy\b",
    r"\bcall (?:w/?|with) (?:the |a )?recruiter",
    r"'s interview",
    r"^(?:reply|send)\b",
    r"colloqui?o?\b",
    r"面接",
    r"a|b",
    r"x?yz",
    r"\bhm\b",
)
PLAIN = re.compile("|".join(f"(?:{a})" for a in ALTERNATIVES))
SHAPED = any_of(*ALTERNATIVES)
PIECES = st.sampled_from(
    [
        "interview",
        "intro call",
        "introductory chat",
        "job ",
        "tech",
        "phone",
        " interview",
        "case ",
        "study",
        "call w/ recruiter",
        "call with the recruiter",
        "tom's interview",
        "reply",
        "send",
        "colloquio",
        "colloqu",
        "面接",
        "yz",
        "xyz",
        "hm",
        " ",
        "-",
        "s",
        "c",
        "a",
        "b",
    ]
)
TEXT = st.lists(PIECES, max_size=8).map("".join)
WORDS = ("interv", "screen", "<>", "面接", "gespr", "hm ")


@given(TEXT)
def test_any_of_matches_exactly_when_the_plain_alternation_does(text: str) -> None:
    assert (SHAPED.search(text) is None) == (PLAIN.search(text) is None)


@given(st.text(alphabet="intervscr<>面接gesph m", max_size=30))
def test_trie_pattern_is_any_substring(text: str) -> None:
    assert (trie_pattern(WORDS).search(text) is not None) == any(w in text for w in WORDS)
