"""The inflection rules as data: per language, the noun and adjective endings (an ending, the base forms it
stands for, what the stem before it must end in, a minimum stem, whether the archive must attest it, whether a
typed word is read by it), the words that only look inflected, and the verb endings and irregular forms built
from the conjugation tables (``crawler.search.verbs``). ``crawler.search.inflection`` reads words with them;
docs/search.md lists them with what each merges.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.search.normalise import normalise
from crawler.search.verbs import CONJUGATIONS, Conjugation

CONSONANT, VOWEL, ANY = "consonant", "vowel", "any"
MIN_STEM_LETTERS = 2


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
    "सारखे", "कडच्या", "मधल्या", "मधील", "पुढील", "आतील", "आत", "मुळे", "भर", "तली", "तले", "तल्या", "वरच्या",
    "खालच्या", "समोरील", "मधला", "मधली",
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
    *_each(_MR_POSTPOSITIONS, "्यां", bases=("ा", "ी", "े"), stem=CONSONANT, typed=False),  # घोड्यांवर
    *_each(_MR_OBLIQUE, "ी", stem=CONSONANT, typed=False, attested=True),  # बहिणीचे, तलवारीने, नगरीत
    Ending("भर", stem=CONSONANT, typed=False),  # रात्रभर, देशभर
    *_each(_MR_POSTPOSITIONS, "ां", bases=("", "ा"), stem=CONSONANT, typed=False),
    # Plurals and adjectives' agreement: कामे, रुपये → रुपया, कामं, डोकं → डोके, विहिरी → विहीर, छोटी, खरे →
    # खरा, मोठ्या → मोठा, टाळ्या → टाळी, घोड्यांनी. Not read: a plural in -ा (जखमा), which would join every
    # pair like चर्च and चर्चा; -ी on a stem whose vowel is not shortened, which joins सरकार and सरकारी.
    Ending("े", ("", "ा"), CONSONANT, typed=False),
    Ending("ं", ("", "े"), CONSONANT, typed=False),
    Ending("ी", ("ा",), CONSONANT, typed=False, attested=True),  # छोटी; Hindi's कली is no Marathi कला + ी
    Ending("ी", ("",), CONSONANT, typed=False, lengthen=True, lengthened_only=True),
    Ending("्या", ("ा", "ी", "े"), CONSONANT, typed=False),
    Ending("्यां", ("ा", "ी", "े"), CONSONANT, typed=False),
    Ending("ां", ("", "ा"), CONSONANT, typed=False),
    *_each(_MR_PLURAL, "ां", bases=("", "ा"), stem=CONSONANT),  # लोकांना, महिलांचे
    Ending("ांत", ("", "ा"), CONSONANT, attested=True),  # सिद्धांत is no plural of सिद्ध
    *_each(_MR_SHORT + _MR_LONG, "्या", bases=("ी", "े"), stem=CONSONANT, attested=True),  # पुण्यात
    *_each(_MR_PLURAL, "्यां", bases=("ी", "े"), stem=CONSONANT),  # शेतकऱ्यांना → शेतकरी
    # The -्या oblique of nouns in -ा: कुत्र्याला, राजवाड्यात, घोड्यांना → घोडा.
    *_each(_MR_SHORT + _MR_LONG, "्या", bases=("ा",), stem=CONSONANT, attested=True, typed=False),
    *_each(_MR_PLURAL, "्यां", bases=("ा",), stem=CONSONANT, typed=False),
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
    "hi": frozenset({"पहले"}),
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
# Clitics written on any word in Marathi: मृत्यूच ("death itself"), भाऊही ("the brother too").
CLITICS = {"mr": (Ending("च", typed=False), Ending("ही", typed=False))}
IRREGULAR = Ending("", typed=False)  # the reading of an irregular verb form (किया → करना)


LISTED_STEMS_ONLY = 1_000  # a minimum stem no word has: only the one-letter stems listed are read


def _verb_endings(conjugation: Conjugation) -> tuple[Ending, ...]:
    """A conjugation's endings as rules read only in the index, to the dictionary form, longest first."""
    after_consonant = tuple(normalise(text) for text in conjugation.dictionary)
    after_vowel = tuple(normalise(text) for text in conjugation.dictionary_after_vowel) or after_consonant
    endings = [
        Ending(normalise(text), after_consonant, CONSONANT, typed=False)
        for text in conjugation.after_consonant
    ]
    endings += [Ending(normalise(text), after_vowel, VOWEL, typed=False) for text in conjugation.after_vowel]
    endings += [
        Ending(normalise(text), after_vowel, VOWEL, typed=False, min_letters=LISTED_STEMS_ONLY)
        for text in conjugation.after_listed_stem
    ]
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
# Per language: each dictionary form → its irregular forms; and the reverse, each form → its dictionary forms.
IRREGULAR_OF = {
    language: {normalise(d): tuple(normalise(f) for f in forms) for d, forms in conjugation.irregular.items()}
    for language, conjugation in CONJUGATIONS.items()
}
IRREGULAR_FORMS: dict[str, dict[str, tuple[str, ...]]] = {language: {} for language in IRREGULAR_OF}
for _language, _irregular in IRREGULAR_OF.items():
    for _dictionary, _forms in _irregular.items():
        for _form in _forms:
            IRREGULAR_FORMS[_language][_form] = (*IRREGULAR_FORMS[_language].get(_form, ()), _dictionary)
NOT_FORMS_OF = {
    language: {normalise(d): frozenset(map(normalise, forms)) for d, forms in conjugation.not_forms.items()}
    for language, conjugation in CONJUGATIONS.items()
}
# Per language: a stem vowel → its raised vowel, and the reverse (``Conjugation.raised_vowels``).
RAISED_VOWELS = {
    language: {normalise(plain): normalise(raised) for plain, raised in conjugation.raised_vowels.items()}
    for language, conjugation in CONJUGATIONS.items()
}
LOWERED_VOWELS = {
    language: {raised: plain for plain, raised in vowels.items()}
    for language, vowels in RAISED_VOWELS.items()
}
ONE_LETTER_STEMS = {
    language: frozenset(normalise(verb) for verb in conjugation.one_letter_stems)
    for language, conjugation in CONJUGATIONS.items()
}
