"""The spellings a typed word may be indexed in: normalisation and inflection run backwards.

The full-text index keeps every word as published. A typed word is expanded at query time to the spellings
that share one of its search keys (``crawler.search.inflection``): for each key, its inflected forms, and for
each of those the encodings and accepted spellings ``normalise`` folds together — a nukta added (precomposed
or not), an anusvara written as chandrabindu or nasal + virama, a virama followed by a zero-width
(non-)joiner, a letter in its visually identical sequence (आ as अ + ा), Bengali ি/ু as ী/ূ, digits in each
script's own.
Every candidate is checked against the keys, so the expansion finds exactly the indexed words a vocabulary
of keys would (docs/search.md); the caller keeps those the index holds (``fts5vocab``). Nothing is written
when an article is stored.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

from crawler.search.endings import (
    CLITICS,
    DICTIONARY_ENDINGS,
    IRREGULAR_OF,
    LANGUAGE_ENDINGS,
    VERB_ENDINGS,
    Ending,
)
from crawler.search.inflection import (
    inflections,
    languages_of,
    raised,
    search_keys,
    shortened,
    stem_fits,
    typed_keys,
    verb_stem_fits,
)
from crawler.search.normalise import NASALS, SCRIPT_BLOCKS, STOPS, VISUAL_REPAIRS

# A spelling differs from its key in at most this many places (a nukta, a nasal, a joiner …): two accepted
# spellings rarely differ in more, and the candidates grow with the number of places. The other languages'
# inflected forms (Marathi's are many) are looked up in spellings one change away.
MAX_CHANGES = 3
MAX_CHANGES_OF_OTHER_FORMS = 1
# What one typed word may cost: candidates looked up in the index's vocabulary (~0.1 ms each at 1M articles).
MAX_CANDIDATES = 1_000
# Of those, kept for the forms after Hindi's nouns (verbs, Marathi's forms): Hindi's spellings cannot crowd
# them out.
OTHER_FORMS_SHARE = 400

_VIRAMA, _NUKTA, _ANUSVARA, _CHANDRABINDU = "\u094d", "\u093c", "\u0902", "\u0901"
_RA_YA, _EYELASH = "\u0930\u094d\u092f", ("\u0931\u094d\u092f", "\u0930\u094d\u200d\u092f")  # र्य; ऱ्य, र्‍य
_JOINERS = ("\u200d", "\u200c")
# Devanagari consonants written with a nukta in Hindi words (क़ानून, ज़िंदगी, लड़का …); र only before a virama
# (Marathi's eyelash ऱ्य).
_NUKTA_CONSONANTS = "कखगजडढफ"
# The nasal each stop's row of the alphabet ends in (क-row ङ, च-row ञ, ट-row ण, त-row न, प-row म).
_HOMORGANIC = {stop: NASALS[min((ord(stop) - 0x0915) // 5, 4)] for stop in STOPS}
# Letters whose NFC form is consonant + nukta but which also exist precomposed (क़ U+0958, য় U+09DF, ਜ਼ …).
_PRECOMPOSED = {
    unicodedata.normalize("NFD", chr(code)): chr(code)
    for code in range(0x0900, 0x0E00)
    if len(unicodedata.normalize("NFD", chr(code))) == 2
    and unicodedata.normalize("NFC", chr(code)) != chr(code)
}
# Each letter's visually identical sequences (the repairs ``normalise`` makes, backwards).
_SEQUENCES: dict[str, list[str]] = {}
for _sequence, _letter in VISUAL_REPAIRS.items():
    _SEQUENCES.setdefault(_letter, []).append(_sequence)
_BENGALI_LONG = {"\u09bf": "\u09c0", "\u09c1": "\u09c2"}
_DIGIT_SCRIPTS = [*SCRIPT_BLOCKS.values(), 0x0660, 0x06F0]  # Indic blocks (digits at +0x66), Arabic-Indic


def indexed_spellings(word: str) -> list[str]:
    """The spellings of ``word``'s every form an index may hold: the typed word first, then fewest changes
    first."""
    return list(_candidates(word))


@lru_cache(maxsize=20_000)
def _candidates(word: str) -> tuple[str, ...]:
    keys = typed_keys(word)
    # Hindi's noun and adjective forms first, in every spelling; then Hindi's verb forms and the other
    # languages' forms (Marathi shares the script): all as written, then all one change away, so that a cap
    # leaves out the least likely, never a spelling of a Hindi noun's form.
    hindi = [form for key in sorted(keys) for form in (key, *_inflections(key, "hi", verbs=False))]
    # The other forms key by key in turn, the short common endings first.
    per_key = [
        _inflections(key, "hi", nouns=False)
        + [form for language in languages_of(key) if language != "hi" for form in _inflections(key, language)]
        for key in sorted(keys)
    ]
    others = [form for forms in itertools.zip_longest(*per_key) for form in forms if form]
    found: dict[str, None] = {word: None}
    _collect(found, keys, [_units(form) for form in dict.fromkeys(hindi)], MAX_CHANGES, OTHER_FORMS_SHARE)
    _collect(found, keys, [_units(form) for form in dict.fromkeys(others)], MAX_CHANGES_OF_OTHER_FORMS, 0)
    return tuple(found)


def _collect(found: dict[str, None], keys: frozenset[str], forms: list[list[list[str]]], most_changes: int,
             leave: int) -> None:  # fmt: skip
    """Into ``found``, the spellings of ``forms`` that share one of ``keys``: every form with no change, then
    every form with one …, so a cap leaves out the least likely; ``leave`` places of the cap free."""
    for changes in range(most_changes + 1):
        for form_units in forms:
            for spelling in _spellings(form_units, changes):
                if len(found) >= MAX_CANDIDATES - leave:
                    return
                if spelling not in found and _indexable(spelling) and search_keys(spelling) & keys:
                    found[spelling] = None


def _indexable(spelling: str) -> bool:
    """Stored text is NFC (``crawler.markup.text``): a spelling NFC would change is never in the index."""
    return unicodedata.is_normalized("NFC", spelling)


def _inflections(key: str, language: str, nouns: bool = True, verbs: bool = True) -> list[str]:
    """The inflected forms in ``language`` whose keys include ``key`` (``inflection``'s rules backwards): its
    noun and adjective forms and its verb forms (these first where the key is a verb's dictionary form), and
    in Marathi the key with a clitic. A key that is surely an inflected form in that language is not
    inflected again as a noun (किसानों, मुंबईमध्ये); one that only may be (महिला read as महि + ला) is."""
    surely_inflected = any(
        reading.language == language and reading.ending.typed and not reading.ending.attested
        for reading in inflections(key)
    )
    noun_forms = (
        _backwards(key, LANGUAGE_ENDINGS.get(language, ()), language)
        if nouns and not surely_inflected
        else []
    )
    if not verbs:
        return noun_forms
    higher = raised(key, language)
    verb_forms = [
        *IRREGULAR_OF.get(language, {}).get(key, ()),
        *_backwards(key, VERB_ENDINGS.get(language, ()), language, verb=True),
        *(_backwards(higher, VERB_ENDINGS.get(language, ()), language, verb=True) if higher else ()),
    ]
    clitic_forms = [key + clitic.text for clitic in CLITICS.get(language, ())]
    if any(key.endswith(ending) for ending in DICTIONARY_ENDINGS.get(language, ())):
        forms = clitic_forms + verb_forms + noun_forms
    else:
        forms = clitic_forms + noun_forms + verb_forms
    if language == "mr":  # Marathi writes र्य with the eyelash ra, ऱ्य or र्‍य: शेतकऱ्यांना
        forms = [
            spelling
            for form in forms
            for spelling in (form, *(form.replace(_RA_YA, ra_ya) for ra_ya in _EYELASH))
        ]
    return list(dict.fromkeys(forms))


def _backwards(key: str, endings: tuple[Ending, ...], language: str, verb: bool = False) -> list[str]:
    forms = []
    shorter = shortened(key)
    for ending in sorted(endings, key=lambda ending: len(ending.text)):  # the short, common endings first
        for base in ending.bases:
            words = (shorter,) if ending.lengthened_only else (key, shorter) if ending.lengthen else (key,)
            for word in words:
                if word is None or not word.endswith(base):
                    continue
                stem = word[: len(word) - len(base)]
                fits = verb_stem_fits(stem, ending, language, base) if verb else stem_fits(stem, ending)
                if fits:
                    forms.append(stem + ending.text)
    return forms


def _spellings(units: list[list[str]], changes: int) -> list[str]:
    """The spellings of a form (cut into ``units``) that differ from it in exactly ``changes`` places."""
    changeable = [i for i, options in enumerate(units) if len(options) > 1]
    spellings = []
    for places in itertools.combinations(changeable, changes):
        choices = [units[i][1:] if i in places else units[i][:1] for i in range(len(units))]
        spellings.extend("".join(parts) for parts in itertools.product(*choices))
    return [variant for spelling in spellings for variant in _digit_forms(spelling)]


def _units(form: str) -> list[list[str]]:
    """``form`` cut into letters (a consonant with its nukta is one), each with its alternatives (itself
    first)."""
    units: list[list[str]] = []
    i = 0
    while i < len(form):
        pair = form[i : i + 2]
        if pair in _PRECOMPOSED:
            units.append([pair, _PRECOMPOSED[pair]])
            i += 2
            continue
        char, following = form[i], form[i + 1 : i + 2]
        options = [char, *_SEQUENCES.get(char, [])]
        if char in _NUKTA_CONSONANTS or (char == "र" and following == _VIRAMA):
            decomposed = char + _NUKTA
            composed = unicodedata.normalize("NFC", decomposed)
            options += [decomposed, composed, _PRECOMPOSED.get(decomposed, composed)]
        elif char == _ANUSVARA:
            options.append(_CHANDRABINDU)
            if following in _HOMORGANIC:
                options += [nasal + _VIRAMA for nasal in dict.fromkeys((_HOMORGANIC[following], "न", "म"))]
        elif unicodedata.name(char, "").endswith("SIGN VIRAMA"):
            options += [char + joiner for joiner in _JOINERS]
        elif char in _BENGALI_LONG:
            options.append(_BENGALI_LONG[char])
        units.append(list(dict.fromkeys(options)))
        i += 1
    return units


def _digit_forms(spelling: str) -> list[str]:
    """``spelling``, and when it has ASCII digits, the same with each script's digits."""
    if not any(char.isdigit() and char.isascii() for char in spelling):
        return [spelling]
    forms = [spelling]
    for base in _DIGIT_SCRIPTS:
        zero = base + 0x66 if base >= 0x0900 else base
        forms.append("".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in spelling))
    return forms
