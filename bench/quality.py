"""Token-level body quality: precision, recall and F1 of extracted text against known paragraphs."""

from __future__ import annotations

from collections import Counter


def tokens(text: str, by_character: bool = False) -> Counter[str]:
    """Whitespace tokens, or non-space characters for scripts written without spaces (Japanese)."""
    return Counter(ch for ch in text if not ch.isspace()) if by_character else Counter(text.split())


def precision_recall_f1(
    extracted: str, expected: str, by_character: bool = False
) -> tuple[float, float, float]:
    got, want = tokens(extracted, by_character), tokens(expected, by_character)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)
