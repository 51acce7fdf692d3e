"""Plain-text normalisation shared by extraction and cleaning."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that only confuse search and comparison. ZWJ/ZWNJ (U+200C/D) are kept: Indic
# scripts need them to choose conjunct forms.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalize_text(text: str) -> str:
    """NFC, invisible controls removed, every run of whitespace (NBSP included) collapsed to one space."""
    if not unicodedata.is_normalized("NFC", text):  # the check is far cheaper, and text mostly is NFC
        text = unicodedata.normalize("NFC", text)
    return " ".join(_INVISIBLE.sub("", text).split())
