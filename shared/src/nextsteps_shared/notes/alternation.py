"""Regular expressions for long lists of literal words, shaped as a prefix tree.

Python's ``re`` tries each branch of ``a|b|c`` in turn at every position; a prefix tree
(``ab(?:c|d)``) lets it reject most positions after one character. Longer words still win over
their own prefixes (``next steps`` over ``next``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

_Tree: TypeAlias = "dict[str, _Tree]"
_END = ""


def _insert(tree: _Tree, word: str) -> None:
    node = tree
    for char in word:
        node = node.setdefault(char, {})
    node[_END] = {}


def _render(node: _Tree) -> str:
    branches = sorted((char for char in node if char != _END), reverse=True)
    parts = [re.escape(char) + _render(node[char]) for char in branches]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if _END in node else body


def literal_alternation(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, preferring the longest at a position."""
    tree: _Tree = {}
    for word in words:
        if word:
            _insert(tree, word)
    return _render(tree)
