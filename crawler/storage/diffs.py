"""Word-level diffs between two versions of an article's text, safe for every script the network uses.

Text is split on whitespace only: a word is never cut inside a grapheme (a Devanagari vowel sign, a virama, a
ZWJ stays with its letters). The readable form marks removed words ``[-like this-]`` and added words
``{+like this+}``, as ``git diff --word-diff`` does.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple


class WordDiff(NamedTuple):
    added: int  # words in the new text that the old one lacks
    removed: int  # words of the old text that the new one lacks
    text: str  # the new text with the changes marked; unchanged stretches are shortened


# Unchanged words kept on each side of a change, so a diff reads in context without repeating the article.
CONTEXT_WORDS = 8


def word_diff(old: str | None, new: str | None) -> WordDiff:
    """What changed from ``old`` to ``new``, word by word."""
    before, after = (old or "").split(), (new or "").split()
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    added = removed = 0
    parts: list[str] = []
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return WordDiff(0, 0, "")
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_context(before[i1:i2], first=position == 0, last=position == len(opcodes) - 1))
            continue
        if i2 > i1:
            removed += i2 - i1
            parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            added += j2 - j1
            parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return WordDiff(added, removed, " ".join(part for part in parts if part))


def _context(words: list[str], *, first: bool, last: bool) -> str:
    """An unchanged stretch: only its words next to a change, the rest as an ellipsis."""
    head = [] if first else words[:CONTEXT_WORDS]
    tail = [] if last else words[-CONTEXT_WORDS:]
    if len(words) <= len(head) + len(tail) + 1:
        return " ".join(words)
    return " ".join([*head, "…", *tail]).strip()
