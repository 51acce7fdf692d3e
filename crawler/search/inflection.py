"""Light inflection matching for Hindi: the spellings a word may stand for (its search keys).

A word's keys are its normalised spelling plus, for a Hindi plural or oblique ending, the forms it can be
the inflection of. A query word finds an indexed word when their keys share one, so किसान finds किसानों,
सरकारें finds सरकार and सरकारों, कहानी finds कहानियां and कहानियों, लड़का finds लड़के and लड़कों.

Rules (after Ramanathan & Rao's light stemmer and Lucene's HindiStemmer, narrowed; docs/search.md):
- ियों, ियां → the stem + ी or + ि (कहानियों → कहानी; नीतियों → नीति)
- ओं, एं → the stem (माताओं, माताएं → माता; वस्तुओं → वस्तु)
- ों → the stem, or the stem + ा (किसानों → किसान; लड़कों → लड़का)
- ें → the stem (सरकारें → सरकार)
- े → the stem + ा (लड़के → लड़का)
Each needs a stem of at least two letters (vowel signs do not count), so short words keep their endings.
Nothing is stripped from a word in its base form: कला stays कला (not कल), पता stays पता, and endings that
are no inflection (the ू of हिंदू, the ि of पति, a plain ा or ी) are never removed, so those words stay apart.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from crawler.search.normalise import normalise

# (ending, what replaces it in each form it may stand for), longest endings first; the first that fits wins.
HINDI_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ियों", ("ी", "ि")),
    ("ियां", ("ी", "ि")),
    ("ओं", ("",)),
    ("एं", ("",)),
    ("ों", ("", "ा")),
    ("ें", ("",)),
    ("े", ("ा",)),
)
MIN_STEM_LETTERS = 2


@lru_cache(maxsize=200_000)
def search_keys(word: str) -> frozenset[str]:
    """The keys of ``word`` (a token): its normalised spelling, and the base forms it may inflect."""
    spelling = normalise(word)
    keys = {spelling}
    if any("\u0900" <= char <= "\u097f" for char in spelling):
        for ending, replacements in HINDI_ENDINGS:
            if spelling.endswith(ending):
                stem = spelling[: -len(ending)]
                if _letters(stem) >= MIN_STEM_LETTERS:
                    keys.update(stem + replacement for replacement in replacements)
                break
    return frozenset(keys)


def _letters(text: str) -> int:
    """Letters (consonants and independent vowels), not the vowel signs and marks between them."""
    return sum(1 for char in text if unicodedata.category(char) == "Lo")
