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


LANGUAGES = ("en", *_SCRIPT_LANGUAGE.values())
# Per code point of the Basic Multilingual Plane: whether it is a letter (``str.isalpha``), and the language
# whose script alone writes it (an index into ``LANGUAGES``, plus one; 0: none): the sample's letters are
# counted with NumPy, not character by character.
_BMP = 0x10000
_IS_LETTER = np.array([chr(code).isalpha() for code in range(_BMP)], dtype=bool)
_LANGUAGE_OF = np.zeros(_BMP, dtype=np.uint8)
_LANGUAGE_OF[[code for code in range(128) if chr(code).isalpha()]] = 1
for _block, _language in _SCRIPT_LANGUAGE.items():
    _LANGUAGE_OF[_block : _block + 0x80] = LANGUAGES.index(_language) + 1
_LANGUAGE_OF[~_IS_LETTER] = 0


def script_counts(samples: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each sample's letters, and how many of them are in a script only one language writes (a row a sample,
    a column a language of ``LANGUAGES``): a batch's code points counted at once."""
    lengths = np.fromiter(map(len, samples), np.int64, len(samples))
    codes = np.frombuffer("".join(samples).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    owner = np.repeat(np.arange(len(samples)), lengths)
    astral = codes >= _BMP
    plane = np.where(astral, 0, codes)  # 0: no letter, no language
    letter = _IS_LETTER[plane]
    letter[astral] = [chr(code).isalpha() for code in codes[astral]]
    letters = np.bincount(owner, weights=letter, minlength=len(samples)).astype(np.int64)
    width = len(LANGUAGES) + 1
    cells = np.bincount(owner * width + _LANGUAGE_OF[plane], minlength=len(samples) * width)
    return letters, cells.reshape(len(samples), width)[:, 1:]


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.HINDI, Language.MARATHI)
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect(texts: list[str], expected: list[str]) -> tuple[list[str | None], list[float], list[bool]]:
    """The language detected in each text, its confidence, and whether it is not the text's site's language
    (``expected``) or the text too short to tell."""
    letters, counts = script_counts([text[:SAMPLE] for text in texts])
    best = counts.argmax(axis=1)
    top = counts[np.arange(len(texts)), best]
    known = letters >= MIN_LETTERS
    by_script = known & (top >= MIN_CONFIDENCE * letters)
    detected: list[str | None] = [LANGUAGES[code] if by_script[n] else None for n, code in enumerate(best)]
    confidence = np.where(by_script, top / np.maximum(letters, 1), 0.0).tolist()
    ambiguous = np.flatnonzero(known & ~by_script).tolist()
    if ambiguous:
        values = _detector().compute_language_confidence_values_in_parallel(
            [texts[index][:LINGUA_SAMPLE] for index in ambiguous]
        )
        for index, confidences in zip(ambiguous, values, strict=True):
            top_value = confidences[0] if confidences else None
            detected[index] = top_value.language.iso_code_639_1.name.lower() if top_value else None
            confidence[index] = float(top_value.value) if top_value else 0.0
    unsure = (np.asarray(confidence) < MIN_CONFIDENCE).tolist()
    mismatch = [language != expected[n] or unsure[n] for n, language in enumerate(detected)]
    return detected, confidence, mismatch
