"""One canonical spelling per word, applied alike to what is indexed and to what is typed.

Steps, in order (docs/search.md has examples per script):
1. Unicode NFC; zero-width joiners removed (keyboards insert them, readers do not see them).
2. Visual-encoding repairs: sequences that look identical on screen but are encoded differently become the
   one precomposed letter (Devanagari अ+ा → आ, Bengali অ+া → আ, Gurmukhi ੲ+ਿ → ਇ, Gujarati અ+ે → એ, Tamil ெ+ா
   → ொ …), the table of Lucene's IndicNormalizer for every Indic script, less its Telugu వ+ు → మ, a known
   false merge. Nukta letters end in one form (NFC's: consonant + nukta).
3. Decimal digits of every script → ASCII (२०२४ → 2024).
4. Devanagari (Hindi, Marathi) spelling variants: chandrabindu → anusvara (गाँधी → गांधी), a nasal consonant
   + virama before a stop → anusvara (हिन्दी → हिंदी), nukta dropped (ज़िंदगी → जिंदगी; Marathi ऱ्य = र्‍य).
5. Bengali spelling variants: ী → ি, ূ → ু.
6. Case folded.
Not done (they merge different words): deleting every virama, shortening long vowels in general.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width joiners removed, decimal digits of every script as ASCII, in one pass.
_FOLD = {0x200C: None, 0x200D: None} | {
    code: str(unicodedata.decimal(chr(code)))
    for code in range(0x0660, 0x20000)
    if unicodedata.category(chr(code)) == "Nd"
}
_INDIC = re.compile("[\u0900-\u0dff]")
# Script blocks by the offset of their first code point.
SCRIPT_BLOCKS = {"deva": 0x0900, "beng": 0x0980, "guru": 0x0A00, "gujr": 0x0A80, "orya": 0x0B00,
         "taml": 0x0B80, "telu": 0x0C00, "knda": 0x0C80, "mlym": 0x0D00}  # fmt: skip
# Visually identical encodings: (offsets of the sequence within the block, offset of the one letter, scripts).
# 0x200D in a sequence is the zero-width joiner itself, not an offset.
_VISUAL_EQUIVALENTS: list[tuple[tuple[int, ...], int, str]] = [
    ((0x05, 0x3E, 0x45), 0x11, "deva gujr"),
    ((0x05, 0x3E, 0x46), 0x12, "deva"),
    ((0x05, 0x3E, 0x47), 0x13, "deva gujr"),
    ((0x05, 0x3E, 0x48), 0x14, "deva gujr"),
    ((0x05, 0x3E), 0x06, "deva beng guru gujr orya"),
    ((0x05, 0x45), 0x72, "deva"),
    ((0x05, 0x45), 0x0D, "gujr"),
    ((0x05, 0x46), 0x04, "deva"),
    ((0x05, 0x47), 0x0F, "gujr"),
    ((0x05, 0x48), 0x10, "guru gujr"),
    ((0x05, 0x49), 0x11, "deva gujr"),
    ((0x05, 0x4A), 0x12, "deva"),
    ((0x05, 0x4B), 0x13, "deva gujr"),
    ((0x05, 0x4C), 0x14, "deva guru gujr"),
    ((0x06, 0x45), 0x11, "deva gujr"),
    ((0x06, 0x46), 0x12, "deva"),
    ((0x06, 0x47), 0x13, "deva gujr"),
    ((0x06, 0x48), 0x14, "deva gujr"),
    ((0x07, 0x57), 0x08, "mlym"),
    ((0x09, 0x41), 0x0A, "deva"),
    ((0x09, 0x57), 0x0A, "taml mlym"),
    ((0x0E, 0x46), 0x10, "mlym"),
    ((0x0F, 0x45), 0x0D, "deva"),
    ((0x0F, 0x46), 0x0E, "deva"),
    ((0x0F, 0x47), 0x10, "deva"),
    ((0x0F, 0x57), 0x10, "orya"),
    ((0x12, 0x3E), 0x13, "mlym"),
    ((0x12, 0x4C), 0x14, "telu knda"),
    ((0x12, 0x55), 0x13, "telu"),
    ((0x12, 0x57), 0x14, "taml mlym"),
    ((0x13, 0x57), 0x14, "orya"),
    ((0x24, 0x4D, 0x200D), 0x4E, "beng"),
    ((0x2C, 0x41, 0x41), 0x0B, "telu"),
    ((0x3E, 0x45), 0x49, "deva gujr"),
    ((0x3E, 0x46), 0x4A, "deva"),
    ((0x3E, 0x47), 0x4B, "deva gujr"),
    ((0x3E, 0x48), 0x4C, "deva gujr"),
    ((0x3F, 0x55), 0x40, "knda"),
    ((0x41, 0x41), 0x42, "guru"),
    ((0x46, 0x3E), 0x4A, "taml mlym"),
    ((0x46, 0x42, 0x55), 0x4B, "knda"),
    ((0x46, 0x42), 0x4A, "knda"),
    ((0x46, 0x46), 0x48, "mlym"),
    ((0x46, 0x55), 0x47, "telu knda"),
    ((0x46, 0x56), 0x48, "telu knda"),
    ((0x46, 0x57), 0x4C, "taml mlym"),
    ((0x47, 0x3E), 0x4B, "beng orya taml mlym"),
    ((0x47, 0x57), 0x4C, "beng orya"),
    ((0x4A, 0x55), 0x4B, "knda"),
    ((0x72, 0x3F), 0x07, "guru"),
    ((0x72, 0x40), 0x08, "guru"),
    ((0x72, 0x47), 0x0F, "guru"),
    ((0x73, 0x41), 0x09, "guru"),
    ((0x73, 0x42), 0x0A, "guru"),
    ((0x73, 0x4B), 0x13, "guru"),
]


def _char(base: int, offset: int) -> str:
    return chr(offset if offset == 0x200D else base + offset)


def _visual_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for sequence, letter, scripts in _VISUAL_EQUIVALENTS:
        for script in scripts.split():
            base = SCRIPT_BLOCKS[script]
            # NFC first, as the text it meets: a letter NFC decomposes (a nukta letter) stays decomposed.
            table["".join(_char(base, offset) for offset in sequence)] = unicodedata.normalize(
                "NFC", chr(base + letter)
            )
    return table


VISUAL_REPAIRS = _visual_table()
_VISUAL_PATTERN = re.compile("|".join(sorted(map(re.escape, VISUAL_REPAIRS), key=len, reverse=True)))

# Devanagari
_CHANDRABINDU, _ANUSVARA, _NUKTA, _VIRAMA = "\u0901", "\u0902", "\u093c", "\u094d"
NASALS = "ङञणनम"
# Stops (क … ब, भ): before them a nasal + virama and an anusvara are two accepted spellings of one sound.
# Not before य र ल व ह or a nasal: तुम्हारा, उम्र, सम्मान are never written with an anusvara.
STOPS = "".join(chr(c) for c in range(0x0915, 0x092E) if chr(c) not in NASALS)
_NASAL_BEFORE_STOP = re.compile(f"[{NASALS}]{_VIRAMA}(?=[{STOPS}])")
# Bengali: long ী ূ and short ি ু are both accepted spellings of many words (সরকারী / সরকারি).
_BENGALI_VOWELS = str.maketrans({"\u09c0": "\u09bf", "\u09c2": "\u09c1"})


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """The canonical spelling of ``word`` (a token as ``tokens`` gives it) for search."""
    return _canonical(word)


def normalise_words(words: list[str]) -> list[str]:
    """Each word's canonical spelling, as ``normalise`` gives it, for words with no line break: in one pass
    over the words joined by line breaks (every rule keeps within a word), a tenth of a call a word's cost."""
    return _canonical("\n".join(words)).split("\n") if words else []


def _canonical(text: str) -> str:
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFC", text)
    if _FOLDABLE.search(text):
        text = text.translate(_FOLD)
    if not _INDIC.search(text):
        return text.casefold()
    text = _VISUAL_PATTERN.sub(lambda match: VISUAL_REPAIRS[match.group()], text)
    if _has_block(text, 0x0900):
        # Every nukta letter, the precomposed ऩ ऱ ऴ too: Marathi's eyelash ऱ्य is also typed र्‍य (with a ZWJ).
        text = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace(_NUKTA, ""))
        text = text.replace(_CHANDRABINDU, _ANUSVARA)
        text = _NASAL_BEFORE_STOP.sub(_ANUSVARA, text)
    if _has_block(text, 0x0980):
        text = text.translate(_BENGALI_VOWELS)
    return text.casefold()


def _has_block(text: str, base: int) -> bool:
    return _BLOCKS[base].search(text) is not None


# A letter of a script's block, by the block's first code point; the characters _FOLD changes.
_BLOCKS = {base: re.compile(f"[{chr(base)}-{chr(base + 0x7F)}]") for base in SCRIPT_BLOCKS.values()}


# A decimal digit other than ASCII's (\d is every script's), or a zero-width joiner: what _FOLD changes.
_FOLDABLE = re.compile("[^\\D0-9]|[\u200c\u200d]")  # a class, not a look-ahead: twice as fast


def _word_character_ranges() -> str:
    """A character class of FTS5's word characters as the archive's tokenizer counts them (L*, N*, Co, M*,
    and the zero-width joiners)."""
    ranges, start = [], None
    for code in range(0x30000):
        inside = unicodedata.category(chr(code))[0] in "LNM" or unicodedata.category(chr(code)) == "Co"
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return "".join(ranges) + "\u200c\u200d"


_TOKEN = re.compile(f"[{_word_character_ranges()}]+")


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the full-text index splits them (``FTS_TOKENIZE``: letters, digits, marks)."""
    return _TOKEN.findall(text)
