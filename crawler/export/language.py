"""The language of each article's text, checked offline: lingua's models ship in its package (nothing is
downloaded). A text in a script only one of the network's languages writes is that language (Latin: English;
Bengali, Gujarati, Gurmukhi, Tamil, Telugu); Devanagari text, Hindi or Marathi, goes to lingua. An article
whose text is not its site's language, or has too little text to tell, is flagged, never dropped."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

# Letters of a script, and the language that alone writes it here.
_SCRIPT_LANGUAGE = {0x0980: "bn", 0x0A80: "gu", 0x0A00: "pa", 0x0B80: "ta", 0x0C00: "te"}
SAMPLE = 600  # characters of the text looked at: the title and the start of the body
LINGUA_SAMPLE = 250  # of those, the characters lingua reads (Hindi or Marathi: 250 tell them apart)
MIN_LETTERS = 40  # fewer letters than this: too little text to tell
MIN_CONFIDENCE = 0.5


_LANGUAGES = ("en", *_SCRIPT_LANGUAGE.values())
# Per code point of the Basic Multilingual Plane: whether it is a letter (``str.isalpha``), and the language
# whose script alone writes it (an index into ``_LANGUAGES``, plus one; 0: none): the sample's letters are
# counted with NumPy, not character by character.
_BMP = 0x10000
_IS_LETTER = np.array([chr(code).isalpha() for code in range(_BMP)], dtype=bool)
_LANGUAGE_OF = np.zeros(_BMP, dtype=np.uint8)
_LANGUAGE_OF[[code for code in range(128) if chr(code).isalpha()]] = 1
for _block, _language in _SCRIPT_LANGUAGE.items():
    _LANGUAGE_OF[_block : _block + 0x80] = _LANGUAGES.index(_language) + 1
_LANGUAGE_OF[~_IS_LETTER] = 0


def script_counts(sample: str) -> tuple[int, dict[str, int]]:
    """The letters of ``sample``, and how many of them are in a script only one language writes."""
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    plane = codes[codes < _BMP]
    letters = int(_IS_LETTER[plane].sum()) + sum(chr(code).isalpha() for code in codes[codes >= _BMP])
    counts = np.bincount(_LANGUAGE_OF[plane], minlength=len(_LANGUAGES) + 1)[1:]
    return letters, {language: int(n) for language, n in zip(_LANGUAGES, counts, strict=True) if n}


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.HINDI, Language.MARATHI)
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect(texts: list[str], expected: list[str]) -> list[tuple[str | None, float, bool]]:
    """(language detected, confidence, mismatch) of each text against its site's language."""
    results: list[tuple[str | None, float, bool] | None] = [None] * len(texts)
    ambiguous: list[int] = []
    for index, text in enumerate(texts):
        letters, counts = script_counts(text[:SAMPLE])
        if letters < MIN_LETTERS:
            results[index] = (None, 0.0, True)
            continue
        best = max(counts, key=counts.__getitem__) if counts else None
        if best and counts[best] / letters >= MIN_CONFIDENCE:
            share = counts[best] / letters
            results[index] = (best, share, best != expected[index])
        else:
            ambiguous.append(index)
    if ambiguous:
        values = _detector().compute_language_confidence_values_in_parallel(
            [texts[index][:LINGUA_SAMPLE] for index in ambiguous]
        )
        for index, confidences in zip(ambiguous, values, strict=True):
            top = confidences[0] if confidences else None
            language = top.language.iso_code_639_1.name.lower() if top else None
            confidence = float(top.value) if top else 0.0
            mismatch = language != expected[index] or confidence < MIN_CONFIDENCE
            results[index] = (language, confidence, mismatch)
    return [result for result in results if result is not None]
