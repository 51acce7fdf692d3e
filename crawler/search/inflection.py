"""Light inflection matching for Hindi, Marathi, Bengali, Gujarati and Punjabi: the base forms a word may
be an inflection of (its search keys).

A word's keys are its normalised spelling plus, for every ending of its script's languages that it ends in,
the base forms it may inflect: किसानों → किसान, मुंबईत → मुंबई, শেতকরীদের → …, ખેડૂતોને → ખેડૂત,
ਕਿਸਾਨਾਂ → ਕਿਸਾਨ. A query word finds an indexed word when their keys share one (``crawler.search.spellings``
runs the rules backwards to name the indexed forms). Rules are data, one table per language
(``crawler.search.endings``; docs/search.md lists them with what each merges):

- an ending, the base forms it stands for (what replaces it), and what the stem before it must end in: a
  consonant (मुंबई-त is no inflection of a consonant-final मुंब…: भारत stays भारत, not भार + त), a vowel,
  or either (never a virama: a conjunct is not split);
- a minimum stem of two letters (vowel signs and marks do not count), three for the riskier direct
  attachments, so short words keep their endings;
- ``attested``: an ending that is also the last letters of many base words (a single letter or sign: -त,
  -ला, -র, -ে, -ના …) joins a typed word and a form only on the archive's evidence (``joins`` and
  ``doubtful`` here, the look-up in ``crawler.storage.search_vocabulary``): in Hindi and Marathi an article
  of that language holds the form; in the other languages the archive holds two inflected forms of the base.

Nothing is stripped from a word in its base form by a rule that does not fit it: कला stays कला (not कल),
पता stays पता, and endings that are no inflection (the ू of हिंदू, the ि of पति) are never removed. Verb
forms, adjectives' agreement and some Marathi forms are read only in what the index holds, never in the typed
word (``Ending.typed``, ``typed_keys``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from crawler.search.endings import (
    ANY,
    CLITICS,
    CONSONANT,
    DICTIONARY_ENDINGS,
    IRREGULAR,
    IRREGULAR_FORMS,
    LANGUAGE_ENDINGS,
    LOWERED_VOWELS,
    NOT_FORMS_OF,
    NOT_INFLECTED,
    ONE_LETTER_STEMS,
    RAISED_VOWELS,
    SCRIPT_LANGUAGES,
    VERB_ENDINGS,
    VOWEL,
    Ending,
)
from crawler.search.normalise import SCRIPT_BLOCKS, normalise

_NUKTA = 0x3C  # the nukta's place in every Indic block
_SHORT_TO_LONG = {"\u093f": "\u0940", "\u0941": "\u0942"}  # ि → ी, ु → ू
_LONG_TO_SHORT = {long: short for short, long in _SHORT_TO_LONG.items()}


@dataclass(frozen=True)
class Inflection:
    """``word`` read as an inflection of ``base`` in ``language`` through ``ending``."""

    language: str
    base: str
    ending: Ending


def languages_of(word: str) -> tuple[str, ...]:
    """The inflected languages whose script ``word`` is written in."""
    for script, languages in SCRIPT_LANGUAGES.items():
        start = SCRIPT_BLOCKS[script]
        if any(start <= ord(char) < start + 0x80 for char in word):
            return languages
    return ()


def stem_fits(stem: str, ending: Ending) -> bool:
    """Whether ``stem`` may carry ``ending``: long enough, and ending in what the rule asks (a consonant
    with its nukta is a consonant)."""
    if not stem or _letters(stem) < ending.min_letters:
        return False
    last = stem[-2] if len(stem) > 1 and (ord(stem[-1]) - 0x0900) % 0x80 == _NUKTA else stem[-1]
    final = _final(last)
    return final == ending.stem or (ending.stem == ANY and final in (CONSONANT, VOWEL))


@lru_cache(maxsize=200_000)
def inflections(spelling: str) -> tuple[Inflection, ...]:
    """Every reading of a normalised ``spelling`` as an inflected form, with each base form it stands for:
    of the noun and adjective endings, in Hindi the first (longest) fitting one only, as Hindi's rules always
    read, in the other languages every fitting one (राजाला is राज + ाला and राजा + ला); then every reading as
    a verb form (its dictionary form) and, in Marathi, as a word with a clitic."""
    found: list[Inflection] = []
    for language in languages_of(spelling):
        if spelling in NOT_INFLECTED.get(language, ()):
            continue
        found += _readings(spelling, language)
        for clitic in CLITICS.get(language, ()):
            stem = spelling[: -len(clitic.text)]
            if spelling.endswith(clitic.text) and stem_fits(stem, clitic):
                found.append(Inflection(language, stem, clitic))
                found += [
                    replace(reading, ending=replace(reading.ending, typed=False))
                    for reading in _readings(stem, language)
                ]
    return tuple(found)


def _readings(spelling: str, language: str) -> list[Inflection]:
    found = []
    for ending in LANGUAGE_ENDINGS[language]:
        if spelling.endswith(ending.text):
            stem = spelling[: len(spelling) - len(ending.text)]
            if stem_fits(stem, ending):
                found += [Inflection(language, base, ending) for base in _bases(stem, ending)]
                if language == "hi":
                    break
    found += [Inflection(language, verb, IRREGULAR) for verb in IRREGULAR_FORMS[language].get(spelling, ())]
    verbs = []
    for ending in VERB_ENDINGS[language]:
        if spelling.endswith(ending.text):
            stem = spelling[: len(spelling) - len(ending.text)]
            stems = [stem, *filter(None, [vowel_changed(stem, LOWERED_VOWELS[language])])]
            verbs += [
                Inflection(language, plain + base, ending)
                for plain in stems
                for base in ending.bases
                if verb_stem_fits(plain, ending, language, base)
                and spelling not in NOT_FORMS_OF[language].get(plain + base, ())
            ]
    # A form of one of the most frequent verbs (the listed one-letter stems: जाना, देना, होना …) is theirs,
    # not a rarer verb's (जाने is जाना's, not a subjunctive of जानना).
    listed = ONE_LETTER_STEMS[language]
    if spelling in listed or any(verb.base in listed for verb in verbs):
        verbs = [verb for verb in verbs if verb.base in listed]
    return found + verbs


def verb_stem_fits(stem: str, ending: Ending, language: str, base: str) -> bool:
    """Whether ``stem`` may carry a verb ending: as any stem, or as one of the verbs whose stem is one
    letter."""
    if stem_fits(stem, ending):
        return True
    return stem + base in ONE_LETTER_STEMS[language] and stem_fits(stem, replace(ending, min_letters=1))


def vowel_changed(stem: str, changes: dict[str, str]) -> str | None:
    """A stem of one vowel (sign or letter) with that vowel changed as ``changes`` says, else None."""
    if not changes:
        return None
    vowels = [at for at, char in enumerate(stem) if _final(char) == VOWEL]
    if len(vowels) != 1 or stem[vowels[0]] not in changes:
        return None
    at = vowels[0]
    return stem[:at] + changes[stem[at]] + stem[at + 1 :]


def raised(dictionary_form: str, language: str) -> str | None:
    """A verb's dictionary form with its stem's vowel raised (কেনা → কিনা), for its raised forms' stem, or
    None where the language or the stem has none."""
    for ending in DICTIONARY_ENDINGS.get(language, ()):
        if dictionary_form.endswith(ending) and len(dictionary_form) > len(ending):
            stem = vowel_changed(dictionary_form[: -len(ending)], RAISED_VOWELS.get(language, {}))
            if stem:
                return stem + ending
    return None


def _bases(stem: str, ending: Ending) -> list[str]:
    bases = [stem + base for base in ending.bases]
    if ending.lengthen:
        longer = [longer for base in bases if (longer := _lengthened(base))]
        bases = longer if ending.lengthened_only else bases + longer
    return bases


def _lengthened(word: str) -> str | None:
    """``word`` with its last vowel sign long where it is short and only consonants follow it (जमिन → जमीन,
    हिंदु → हिंदू), else None."""
    return _last_vowel_changed(word, _SHORT_TO_LONG)


def shortened(word: str) -> str | None:
    """``word`` with its last vowel sign short where it is long and only consonants follow it (the stem an
    ending that ``lengthen``s is written on: जमीन → जमिन), else None."""
    return _last_vowel_changed(word, _LONG_TO_SHORT)


def _last_vowel_changed(word: str, changes: dict[str, str]) -> str | None:
    for place in range(len(word) - 1, -1, -1):
        char = word[place]
        if char in changes:
            return word[:place] + changes[char] + word[place + 1 :]
        if _final(char) != CONSONANT:
            return None
    return None


@lru_cache(maxsize=200_000)
def search_keys(word: str) -> frozenset[str]:
    """The keys of ``word`` as the index holds it (a token): its normalised spelling, and the base forms it
    may inflect."""
    spelling = normalise(word)
    return frozenset({spelling, *(inflection.base for inflection in inflections(spelling))})


@lru_cache(maxsize=200_000)
def typed_keys(word: str) -> frozenset[str]:
    """The keys of ``word`` as a reader types it: its normalised spelling, and the base forms of the readings
    a typed word is given (``Ending.typed``)."""
    spelling = normalise(word)
    return frozenset({spelling, *(reading.base for reading in inflections(spelling) if reading.ending.typed)})


def joins(typed: str, candidate: str) -> list[tuple[Inflection | None, Inflection | None]]:
    """Every way ``candidate`` (as the index holds it) is a form of the typed word: pairs of the typed word's
    reading and the candidate's that reach one key, None where a side is the key itself. A pair holds
    where each of its readings holds (``doubtful`` ones on the archive's evidence)."""
    typed_spelling, spelling = normalise(typed), normalise(candidate)
    typed_ways: dict[str, list[Inflection | None]] = {typed_spelling: [None]}
    for reading in inflections(typed_spelling):
        if reading.ending.typed:
            typed_ways.setdefault(reading.base, []).append(reading)
    candidate_ways: dict[str, list[Inflection | None]] = {spelling: [None]}
    for reading in inflections(spelling):
        candidate_ways.setdefault(reading.base, []).append(reading)
    return [
        (typed_reading, candidate_reading)
        for key in typed_ways.keys() & candidate_ways.keys()
        for typed_reading in typed_ways[key]
        for candidate_reading in candidate_ways[key]
    ]


def doubtful(reading: Inflection | None) -> bool:
    """Whether a reading holds only on the archive's evidence (``attested``, ``confirmed_by``)."""
    return reading is not None and (reading.ending.attested or bool(reading.ending.confirmed_by))


def attests(spelling: str, language: str, base: str) -> bool:
    """Whether a normalised ``spelling`` is an inflected form of ``base`` in ``language`` (not the base)."""
    return spelling != base and any(
        inflection.language == language and inflection.base == base for inflection in inflections(spelling)
    )


def _final(char: str) -> str:
    """What a stem's last character is: a CONSONANT, a VOWEL (independent or sign), or neither (a virama,
    nukta, anusvara, tippi …)."""
    offset = ord(char) - 0x0900
    if not 0 <= offset < 0x500:
        return ""
    offset %= 0x80
    if 0x05 <= offset <= 0x14 or offset in (0x60, 0x61, 0x72, 0x73):
        return VOWEL
    if 0x3E <= offset <= 0x4C:
        return VOWEL
    if 0x15 <= offset <= 0x39 or 0x58 <= offset <= 0x5F or offset == 0x4E:
        return CONSONANT
    return ""


def _letters(text: str) -> int:
    """Letters (consonants and independent vowels), not the vowel signs and marks between them."""
    return sum(1 for char in text if unicodedata.category(char) == "Lo")
