"""Counts in the words a person reads: "1 file", "2 files", "1,234 articles"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` (with thousands separators) and ``noun``, plural unless it is one (``plural``, where adding
    an s is wrong)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
