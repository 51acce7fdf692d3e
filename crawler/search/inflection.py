"""Light inflection matching for Hindi, Marathi, Bengali, Gujarati and Punjabi: the base forms a word may
be an inflection of (its search keys).

A word's keys are its normalised spelling plus, for every ending of its script's languages that it ends in,
the base forms it may inflect: किसानों → किसान, मुंबईत → मुंबई, শেতকরীদের → …, ખેડૂતોને → ખેડૂત,
ਕਿਸਾਨਾਂ → ਕਿਸਾਨ. A query word finds an indexed word when their keys share one (``crawler.search.spellings``
runs the rules backwards to name the indexed forms). Rules are data, one table per language (docs/search.md
lists them with what each merges):

- an ending, the base forms it stands for (what replaces it), and what the stem before it must end in: a
  consonant (मुंबई-त is no inflection of a consonant-final मुंब…: भारत stays भारत, not भार + त), a vowel,
  or either (never a virama: a conjunct is not split);
- a minimum stem of two letters (vowel signs and marks do not count), three for the riskier direct
  attachments, so short words keep their endings;
- ``attested``: an ending that is also the last letters of many base words (a single letter or sign: -त,
  -ला, -র, -ে, -ના …) merges a typed word with a form only when the archive holds at least two different
  inflected forms of that base in that language (``needs_evidence``; the look-up is in
  ``crawler.storage.search_vocabulary``): संगीत is not संगी + त in an archive that has no other form of संगी.

Nothing is stripped from a word in its base form by a rule that does not fit it: कला stays कला (not कल),
पता stays पता, and endings that are no inflection (the ू of हिंदू, the ि of पति) are never removed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from crawler.search.normalise import SCRIPT_BLOCKS, normalise
from crawler.search.verbs import CONJUGATIONS, Conjugation

CONSONANT, VOWEL, ANY = "consonant", "vowel", "any"
MIN_STEM_LETTERS = 2
_NUKTA = 0x3C  # the nukta's place in every Indic block


@dataclass(frozen=True)
class Ending:
    """Words ``stem + text`` may be inflections of ``stem + base`` for each of ``bases``."""

    text: str
    bases: tuple[str, ...] = ("",)
    stem: str = ANY  # what the stem must end in: CONSONANT, VOWEL or ANY (a letter or vowel sign)
    min_letters: int = MIN_STEM_LETTERS
    attested: bool = False  # merges only where the archive holds two inflected forms of the base
    typed: bool = True  # a typed word is read this way too (False: only words found in the index are)
    lengthen: bool = False  # the stem's last short vowel may be the base's long one (जमिनीवर → जमीन)
    lengthened_only: bool = False  # … and only then is the word read so (विहिरी → विहीर, घरी is no घर)
    confirmed_by: tuple[str, ...] = ()  # read so only where the index holds the stem with one of these too


def _each(texts: tuple[str, ...], before: str = "", **rule: object) -> tuple[Ending, ...]:
    return tuple(Ending(before + text, **rule) for text in texts)  # type: ignore[arg-type]


# Hindi (Ramanathan & Rao's light stemmer and Lucene's HindiStemmer, narrowed to noun plurals and obliques).
HINDI = (
    Ending("ियों", ("ी", "ि"), CONSONANT),
    Ending("ियां", ("ी", "ि"), CONSONANT),
    Ending("ओं", ("",), VOWEL, lengthen=True),  # हिंदुओं → हिंदू, आंसुओं → आंसू
    Ending("एं", ("",), VOWEL),
    Ending("ों", ("", "ा"), CONSONANT),
    Ending("ें", ("",), CONSONANT),
    Ending("े", ("ा",), CONSONANT),
    # Adjectives' feminine: पहली → पहला where the index holds पहले too (कली is no form of कला: no कले),
    # नई → नया.
    Ending("ी", ("ा",), CONSONANT, typed=False, confirmed_by=("े",)),
    Ending("ई", ("या",), CONSONANT, typed=False, min_letters=1),
    Ending("ए", ("या",), CONSONANT, typed=False, min_letters=1),
)

# Marathi: case endings and postpositions written joined to the word, after its oblique stem (rule-based
# Marathi stemmers: the oblique -ा/-े/-्या/-ां/-्यां before the case ending).
_MR_SHORT = ("त", "ला", "ने", "चा", "ची", "चे", "च्या", "शी")
_MR_LONG = ("मध्ये", "साठी", "पासून", "कडे", "कडून", "मधून", "पर्यंत", "तील", "तून")
_MR_PLURAL = ("ना", "नी", "चा", "ची", "चे", "च्या", "शी", *_MR_LONG)
# Postpositions also written joined to a word's oblique stem (शहराबाहेर, अंतरावर, जमिनीवर), read only in
# what the index holds: a word is typed in its plain form.
_MR_POSTPOSITIONS = (
    "स", "वर", "वरून", "वरील", "बाहेर", "खाली", "खालील", "जवळ", "जवळून", "समोर", "पुढे", "मागे", "विषयी",
    "बरोबर", "सोबत", "प्रमाणे", "पेक्षा", "करिता", "पाशी", "शिवाय", "नंतर", "आधी", "पूर्वी", "सारखा", "सारखी",
    "सारखे", "कडच्या", "मधल्या", "मधील", "पुढील", "आतील", "आत",
)  # fmt: skip
_MR_OBLIQUE = (*_MR_SHORT, *_MR_LONG, *_MR_POSTPOSITIONS)
MARATHI = (
    *_each(_MR_SHORT, stem=VOWEL, attested=True),  # मुंबईत, मुंबईला, मुंबईचा
    *_each(_MR_LONG),  # मुंबईमध्ये, भारतसाठी
    *_each(_MR_POSTPOSITIONS, stem=VOWEL, typed=False),  # मुंबईवर
    *_each(_MR_SHORT, "ा", stem=CONSONANT, attested=True),  # भारताला, घरात
    *_each(_MR_LONG, "ा", stem=CONSONANT),  # भारतामध्ये
    *_each(_MR_POSTPOSITIONS, "ा", stem=CONSONANT, typed=False),  # शहराबाहेर
    *_each(("ला", "ने", "चा", "ची", "चे", "च्या"), stem=CONSONANT, min_letters=3),  # सरकारला, सरकारने
    # शाळेत → शाळा, वेळेत → वेळ, and a long vowel shortened before it: विजेचा → वीज
    *_each(_MR_SHORT, "े", bases=("ा", ""), stem=CONSONANT, attested=True, lengthen=True),
    *_each(_MR_LONG, "े", bases=("ा", ""), stem=CONSONANT, lengthen=True),
    *_each(_MR_POSTPOSITIONS, "े", bases=("ा", ""), stem=CONSONANT, typed=False, lengthen=True),
    *_each(_MR_OBLIQUE, "ी", stem=CONSONANT, typed=False, lengthen=True, lengthened_only=True),  # जमिनीवर
    *_each(_MR_POSTPOSITIONS, "्या", bases=("ा", "ी", "े"), stem=CONSONANT, typed=False),  # रस्त्यावर
    *_each(_MR_POSTPOSITIONS, "ां", bases=("", "ा"), stem=CONSONANT, typed=False),
    # Plurals and adjectives' agreement: कामे, रुपये → रुपया, कामं, डोकं → डोके, विहिरी → विहीर, छोटी, खरे →
    # खरा, मोठ्या → मोठा, टाळ्या → टाळी, घोड्यांनी. Not read: a plural in -ा (जखमा), which would join every
    # pair like चर्च and चर्चा; -ी on a stem whose vowel is not shortened, which joins सरकार and सरकारी.
    Ending("े", ("", "ा"), CONSONANT, typed=False),
    Ending("ं", ("", "े"), CONSONANT, typed=False),
    Ending("ी", ("ा",), CONSONANT, typed=False, confirmed_by=("े", "्या")),  # छोटी where छोटे or छोट्या is held
    Ending("ी", ("",), CONSONANT, typed=False, lengthen=True, lengthened_only=True),
    Ending("्या", ("ा", "ी", "े"), CONSONANT, typed=False),
    Ending("्यां", ("ा", "ी", "े"), CONSONANT, typed=False),
    Ending("ां", ("", "ा"), CONSONANT, typed=False),
    *_each(_MR_PLURAL, "ां", bases=("", "ा"), stem=CONSONANT),  # लोकांना, महिलांचे
    Ending("ांत", ("", "ा"), CONSONANT, attested=True),  # सिद्धांत is no plural of सिद्ध
    *_each(_MR_SHORT + _MR_LONG, "्या", bases=("ी", "े"), stem=CONSONANT, attested=True),  # पुण्यात
    *_each(_MR_PLURAL, "्यां", bases=("ी", "े"), stem=CONSONANT),  # शेतकऱ्यांना → शेतकरी
    *_each(_MR_PLURAL, "ं", stem=VOWEL),  # honorific and plural: मोदींनी, मोदींचा
)

# Bengali: genitive, objective, locative, plural and classifier endings (Lucene's BengaliStemmer's classes,
# without its one-letter endings that are no inflection: ত, ব …).
BENGALI = (
    Ending("ের", stem=CONSONANT),  # সরকারের
    Ending("র", stem=VOWEL, attested=True),  # মমতার
    Ending("য়ের", stem=VOWEL),  # ভাইয়ের
    Ending("এর", stem=VOWEL),
    Ending("কে"),  # মমতাকে, সরকারকে
    Ending("ে", stem=CONSONANT, attested=True),  # বাংলাদেশে
    Ending("য়", stem=VOWEL, attested=True),  # কলকাতায়
    Ending("তে", stem=VOWEL),  # কলকাতাতে
    Ending("রা", attested=True),  # ছাত্রীরা, কৃষকরা
    Ending("েরা", stem=CONSONANT),  # কৃষকেরা
    Ending("দের"),  # কৃষকদের
    Ending("দেরকে"),
    *_each(("গুলো", "গুলি", "গুলোর", "গুলির", "গুলোকে", "গুলিকে", "গুলোতে", "গুলিতে")),
    *_each(("টি", "টা", "টির", "টার", "টিকে", "টাকে", "টিতে", "টাতে")),  # বইটি, বইটির
)

# Gujarati: case endings joined to the word, plural -ો/-ઓ, and the -ા oblique of -ો nouns.
_GU_CASE = ("નો", "ની", "નું", "ના", "નાં", "ને", "માં", "થી", "એ")
GUJARATI = (
    *_each(_GU_CASE[:-1], attested=True),  # ભારતનો, મોદીની, ગુજરાતમાં
    Ending("ે", stem=CONSONANT, attested=True),  # સરકારે
    Ending("એ", stem=VOWEL),  # મોદીએ
    Ending("ો", stem=CONSONANT, attested=True),  # ખેડૂતો
    *_each(_GU_CASE, "ો", stem=CONSONANT),  # ખેડૂતોને, ખેડૂતોના
    Ending("ઓ", stem=VOWEL),  # મહિલાઓ
    *_each(_GU_CASE, "ઓ", stem=VOWEL),  # મહિલાઓને
    *_each(_GU_CASE[:-1], "ા", bases=("ો",), stem=CONSONANT),  # છોકરાને → છોકરો
)

# Punjabi: oblique plurals (-ਾਂ, -ਆਂ, -ੀਆਂ, -ਿਆਂ), the -ੇ of -ਾ nouns, the ablative -ੋਂ; case words stand apart.
PUNJABI = (
    Ending("ਾਂ", ("", "ਾ"), CONSONANT),  # ਕਿਸਾਨਾਂ, ਗੱਲਾਂ
    Ending("ਆਂ", stem=VOWEL),  # ਕੁੜੀਆਂ
    Ending("ਿਆਂ", ("ਾ", "ੀ"), CONSONANT),  # ਮੁੰਡਿਆਂ → ਮੁੰਡਾ
    Ending("ਵਾਂ", stem=VOWEL, attested=True),  # ਮਾਵਾਂ
    Ending("ੇ", ("ਾ",), CONSONANT),  # ਮੁੰਡੇ → ਮੁੰਡਾ
    Ending("ੋਂ", stem=CONSONANT, attested=True),  # ਘਰੋਂ, ਪਿੰਡੋਂ
)

# Words that end like an inflection but are base words of their own, which no rule can tell (a short list).
NOT_INFLECTED: dict[str, frozenset[str]] = {
    "mr": frozenset({"एकांत", "वेदांत", "सिद्धांत", "दृष्टांत", "संगीत"}),
    "bn": frozenset(),
    "gu": frozenset({"ભાવના", "ઘટના", "રચના", "યોજના", "કંપની"}),
    "pa": frozenset({"ਸਮਾਂ"}),
}

# The languages of each script whose words are inflected here, their endings longest first.
LANGUAGE_ENDINGS: dict[str, tuple[Ending, ...]] = {
    language: tuple(sorted(endings, key=lambda ending: -len(ending.text)))
    for language, endings in {
        "hi": HINDI, "mr": MARATHI, "bn": BENGALI, "gu": GUJARATI, "pa": PUNJABI,
    }.items()
}  # fmt: skip
SCRIPT_LANGUAGES = {"deva": ("hi", "mr"), "beng": ("bn",), "gujr": ("gu",), "guru": ("pa",)}
# Kept for the Hindi rules' users: (ending, bases), longest first.
HINDI_ENDINGS = tuple((ending.text, ending.bases) for ending in LANGUAGE_ENDINGS["hi"])
# Clitics written on any word in Marathi: मृत्यूच ("death itself"), भाऊही ("the brother too").
CLITICS = {"mr": (Ending("च", typed=False), Ending("ही", typed=False))}
_IRREGULAR = Ending("", typed=False)  # the reading of an irregular verb form (किया → करना)
_SHORT_TO_LONG = {"\u093f": "\u0940", "\u0941": "\u0942"}  # ि → ी, ु → ू
_LONG_TO_SHORT = {long: short for short, long in _SHORT_TO_LONG.items()}


def _verb_endings(conjugation: Conjugation) -> tuple[Ending, ...]:
    """A conjugation's endings as rules read only in the index, to the dictionary form, longest first."""
    after_consonant = tuple(normalise(text) for text in conjugation.dictionary)
    after_vowel = tuple(normalise(text) for text in conjugation.dictionary_after_vowel) or after_consonant
    endings = [
        Ending(normalise(text), after_consonant, CONSONANT, typed=False)
        for text in conjugation.after_consonant
    ]
    endings += [Ending(normalise(text), after_vowel, VOWEL, typed=False) for text in conjugation.after_vowel]
    for text in conjugation.after_any:
        if after_vowel == after_consonant:
            endings.append(Ending(normalise(text), after_consonant, ANY, typed=False))
        else:
            endings.append(Ending(normalise(text), after_consonant, CONSONANT, typed=False))
            endings.append(Ending(normalise(text), after_vowel, VOWEL, typed=False))
    return tuple(sorted(endings, key=lambda ending: -len(ending.text)))


VERB_ENDINGS = {language: _verb_endings(conjugation) for language, conjugation in CONJUGATIONS.items()}
DICTIONARY_ENDINGS = {
    language: tuple(
        normalise(text) for text in (*conjugation.dictionary, *conjugation.dictionary_after_vowel)
    )
    for language, conjugation in CONJUGATIONS.items()
}
# Per language: each irregular form → the dictionary forms it is a form of; and their reverse.
IRREGULAR_FORMS: dict[str, dict[str, tuple[str, ...]]] = {}
for _language, _conjugation in CONJUGATIONS.items():
    _forms: dict[str, tuple[str, ...]] = {}
    for _dictionary, _irregular in _conjugation.irregular.items():
        for _form in _irregular:
            _forms[normalise(_form)] = (*_forms.get(normalise(_form), ()), normalise(_dictionary))
    IRREGULAR_FORMS[_language] = _forms
IRREGULAR_OF = {
    language: {normalise(d): tuple(normalise(f) for f in forms) for d, forms in conjugation.irregular.items()}
    for language, conjugation in CONJUGATIONS.items()
}
NOT_FORMS_OF = {
    language: {normalise(d): frozenset(map(normalise, forms)) for d, forms in conjugation.not_forms.items()}
    for language, conjugation in CONJUGATIONS.items()
}
ONE_LETTER_STEMS = {
    language: frozenset(normalise(verb) for verb in conjugation.one_letter_stems)
    for language, conjugation in CONJUGATIONS.items()
}


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
    found += [Inflection(language, verb, _IRREGULAR) for verb in IRREGULAR_FORMS[language].get(spelling, ())]
    for ending in VERB_ENDINGS[language]:
        if spelling.endswith(ending.text):
            stem = spelling[: len(spelling) - len(ending.text)]
            found += [
                Inflection(language, stem + base, ending)
                for base in ending.bases
                if verb_stem_fits(stem, ending, language, base)
                and spelling not in NOT_FORMS_OF[language].get(stem + base, ())
            ]
    return found


def verb_stem_fits(stem: str, ending: Ending, language: str, base: str) -> bool:
    """Whether ``stem`` may carry a verb ending: as any stem, or as one of the verbs whose stem is one
    letter."""
    if stem_fits(stem, ending):
        return True
    return stem + base in ONE_LETTER_STEMS[language] and stem_fits(stem, replace(ending, min_letters=1))


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


def needs_evidence(typed: str, candidate: str) -> frozenset[tuple[str, str]]:
    """The (language, base) paradigms whose attested forms must decide whether ``candidate`` is a form of the
    typed word; empty when they share a key without an ``attested`` ending on either side (the typed word
    read as typed, ``Ending.typed``)."""
    typed_spelling, spelling = normalise(typed), normalise(candidate)
    typed_ways = _ways(typed_spelling, typed=True)
    candidate_ways = _ways(spelling)
    doubtful = set()
    for key in typed_ways.keys() & candidate_ways.keys():
        sure_typed, sure_candidate = typed_ways[key], candidate_ways[key]
        if sure_typed[0] and sure_candidate[0]:
            return frozenset()
        doubtful.update((language, key) for language in sure_typed[1] | sure_candidate[1])
    return frozenset(doubtful)


def confirmations(typed: str, candidate: str) -> frozenset[str] | None:
    """The spellings one of which the index must hold for ``candidate`` to be a form of the typed word, where
    every reading that joins them asks for one (``Ending.confirmed_by``); None where none is needed."""
    spelling = normalise(candidate)
    shared = typed_keys(typed) & search_keys(spelling)
    if spelling in shared:
        return None
    needed = set()
    for reading in inflections(spelling):
        if reading.base in shared:
            if not reading.ending.confirmed_by:
                return None
            stem = spelling[: len(spelling) - len(reading.ending.text)]
            needed.update(stem + confirmation for confirmation in reading.ending.confirmed_by)
    return frozenset(needed) or None


def attests(spelling: str, language: str, base: str) -> bool:
    """Whether a normalised ``spelling`` is an inflected form of ``base`` in ``language`` (not the base)."""
    return spelling != base and any(
        inflection.language == language and inflection.base == base for inflection in inflections(spelling)
    )


def _ways(spelling: str, typed: bool = False) -> dict[str, tuple[bool, set[str]]]:
    """Each key of ``spelling`` (as typed, or as indexed): whether it is reached without an ``attested``
    ending, and the languages whose ``attested`` endings reach it."""
    ways: dict[str, tuple[bool, set[str]]] = {spelling: (True, set())}
    for inflection in inflections(spelling):
        if typed and not inflection.ending.typed:
            continue
        sure, languages = ways.get(inflection.base, (False, set()))
        if inflection.ending.attested:
            languages = languages | {inflection.language}
        ways[inflection.base] = (sure or not inflection.ending.attested, languages)
    return ways


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
