"""The language of each article's text, checked offline: lingua's models ship in its package (nothing is
downloaded).

Letters are counted as a reader counts them: a letter and its combining marks (the vowel signs, virama and
anusvara of the Indian scripts are marks, not ``str.isalpha``). The script most of them are in settles the
question where one language among the network's eight writes it (Latin: English; Bengali, Gujarati,
Gurmukhi, Tamil, Telugu), however short the text. Devanagari, Hindi or Marathi, goes to lingua; a short text
whose answer is close is *uncertain* rather than flagged (``FLAG_CONFIDENCE``, measured on real sentences:
``make bench-language``, docs/export.md). An article whose text is not its site's language, or has no letters,
is flagged, never dropped."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# The scripts the sites write, each its blocks of the Basic Multilingual Plane (first and last code point but
# one), and the language that alone writes it among the eight (None: shared, the model tells them apart).
SCRIPTS: dict[str, tuple[int, int, str | None]] = {
    "Latin": (0x0000, 0x0250, "en"),  # Basic Latin, Latin-1 Supplement, Latin Extended-A and B
    "Devanagari": (0x0900, 0x0980, None),
    "Bengali": (0x0980, 0x0A00, "bn"),
    "Gurmukhi": (0x0A00, 0x0A80, "pa"),
    "Gujarati": (0x0A80, 0x0B00, "gu"),
    "Tamil": (0x0B80, 0x0C00, "ta"),
    "Telugu": (0x0C00, 0x0C80, "te"),
}
SCRIPT_NAMES = (*SCRIPTS, "other")  # the columns of ``script_counts``; "other": letters of any other script
DEVANAGARI_LANGUAGES = ("hi", "mr")
# The check's make: answers an earlier export kept of another make are not used (2: function words first).
CHECK_VERSION = "2"
SAMPLE = 600  # characters of the text looked at: the title and the start of the body
LINGUA_SAMPLE = 250  # of those, the characters lingua reads first (Hindi or Marathi: 250 tell most apart)
SURE = 0.99  # lingua's confidence under which it reads the text again, further
REREAD_SAMPLE = 500  # the characters it reads then (on the treebanks 500 and 1,000 answer alike)
# Below SHORT_TEXT letters (about one news sentence), a Devanagari answer that is not the site's language is
# a flag only when lingua's confidence in it reaches FLAG_CONFIDENCE; under it the answer is uncertain. Chosen
# on the Hindi PUD and Marathi UFAL treebanks (make bench-language): single sentences wrongly flagged 4.1 % →
# 1.0 % (Hindi), 7.9 % → 1.1 % (Marathi); longer texts are judged by lingua's answer as it is.
SHORT_TEXT = 100
FLAG_CONFIDENCE = 0.65
# Words that one of the two Devanagari languages writes as words of their own and the other does not, from
# the standard grammars: Hindi's case markers, copula, commonest pronouns and conjunctions; Marathi's copula,
# conjunction, negation and commonest inflected forms. A text whose sample holds FUNCTION_WORDS_NEEDED or more
# of one language's and none of the other's is that language, lingua not asked (it reads ~1 µs a character:
# the export's largest cost on a Hindi or Marathi archive); any other Devanagari text is lingua's to answer.
FUNCTION_WORDS = {
    "hi": "है हैं था थे थी में के से को और भी यह वह नहीं हुआ हुई हुए किया लिए इस",
    "mr": "आहे आहेत आणि नाही मध्ये झाले झाली त्यांनी त्यांच्या त्याच्या यांनी यांच्या असून करण्यात सांगितले "
    "म्हणून तसेच असे अशी होईल करून नंतर त्यामुळे याबाबत आपल्या माहिती",
}
FUNCTION_WORDS_NEEDED = 3

# Per code point of the Basic Multilingual Plane: whether it is a letter or a combining mark (Unicode
# categories L and M), and its script's column in ``SCRIPT_NAMES`` (plus one; 0: no letter): a batch's letters
# are counted with NumPy, not character by character.
_BMP = 0x10000
_IS_LETTER = np.array([unicodedata.category(chr(code))[0] in "LM" for code in range(_BMP)], dtype=bool)
_SCRIPT_OF = np.full(_BMP, SCRIPT_NAMES.index("other") + 1, dtype=np.uint8)
for _column, (_first, _end, _) in enumerate(SCRIPTS.values()):
    _SCRIPT_OF[_first:_end] = _column + 1
_SCRIPT_OF[~_IS_LETTER] = 0


def is_letter(char: str) -> bool:
    """Whether ``char`` counts as a letter: a letter or a combining mark (Unicode categories L and M)."""
    return unicodedata.category(char)[0] in "LM"


def script_counts(samples: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each sample's letters, and how many of them are in each script (a row a sample, a column a script of
    ``SCRIPT_NAMES``): a batch's code points counted at once."""
    lengths = np.fromiter(map(len, samples), np.int64, len(samples))
    codes = np.frombuffer("".join(samples).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    owner = np.repeat(np.arange(len(samples)), lengths)
    astral = codes >= _BMP
    plane = np.where(astral, 0, codes)  # 0: no letter, no script
    script = _SCRIPT_OF[plane]
    script[astral] = [
        SCRIPT_NAMES.index("other") + 1 if is_letter(chr(code)) else 0 for code in codes[astral].tolist()
    ]
    width = len(SCRIPT_NAMES) + 1
    cells = np.bincount(owner * width + script, minlength=len(samples) * width).reshape(len(samples), width)
    return cells[:, 1:].sum(axis=1), cells[:, 1:]


_FUNCTION_WORDS = pa.array([word for words in FUNCTION_WORDS.values() for word in words.split()])
_IS_MARATHI = np.array(
    [language == "mr" for language, words in FUNCTION_WORDS.items() for _ in words.split()]
)
_PUNCTUATION = "।॥,.;:!?\"'()[]{}‘’“”-–—…"  # what a word is trimmed of, either side


def by_function_words(samples: list[str]) -> list[str | None]:
    """Each Devanagari sample's language where its function words settle it (``FUNCTION_WORDS``), else None:
    the batch's words split at white space, trimmed of punctuation and looked up at once by Arrow."""
    words = pc.utf8_split_whitespace(pa.array(samples, pa.string()))
    found = pc.index_in(
        pc.utf8_trim(pc.list_flatten(words), characters=_PUNCTUATION), value_set=_FUNCTION_WORDS
    )
    where = found.is_valid().to_numpy(zero_copy_only=False)
    owner = pc.list_parent_indices(words).to_numpy()[where]
    marathi = _IS_MARATHI[found.drop_null().to_numpy()]
    counts = np.bincount(owner * 2 + marathi, minlength=2 * len(samples)).reshape(len(samples), 2)
    enough = FUNCTION_WORDS_NEEDED
    return [
        "hi" if hindi >= enough and not other else "mr" if other >= enough and not hindi else None
        for hindi, other in counts.tolist()
    ]


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.HINDI, Language.MARATHI)
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def _lingua(texts: list[str]) -> list[tuple[str | None, float]]:
    """lingua's answer for each text (Hindi or Marathi) and its confidence; (None, 0.0) if it has none."""
    answers = _detector().compute_language_confidence_values_in_parallel(texts)
    return [
        (values[0].language.iso_code_639_1.name.lower(), float(values[0].value)) if values else (None, 0.0)
        for values in answers
    ]


def detect(texts: list[str], expected: list[str]) -> tuple[list[str | None], list[float], list[bool]]:
    """The language detected in each text, its confidence, and whether the text is flagged: not its site's
    language (``expected``), or no letters at all. A short Devanagari text whose answer is not the site's
    language but is close (``FLAG_CONFIDENCE``) keeps that answer and is not flagged."""
    letters, counts = script_counts([text[:SAMPLE] for text in texts])
    script = counts.argmax(axis=1)
    share = counts[np.arange(len(texts)), script] / np.maximum(letters, 1)
    detected: list[str | None] = [
        SCRIPTS.get(SCRIPT_NAMES[column], (0, 0, None))[2] if count else None
        for column, count in zip(script.tolist(), letters.tolist(), strict=True)
    ]
    confidence = np.where(letters > 0, share, 0.0).tolist()
    devanagari = np.flatnonzero((letters > 0) & (script == SCRIPT_NAMES.index("Devanagari"))).tolist()
    settled = by_function_words([texts[index][:SAMPLE] for index in devanagari])
    for index, language in zip(devanagari, settled, strict=True):
        detected[index], confidence[index] = language, 1.0
    devanagari = [index for index, language in zip(devanagari, settled, strict=True) if language is None]
    for index, (language, value) in zip(
        devanagari, _lingua([texts[index][:LINGUA_SAMPLE] for index in devanagari]), strict=True
    ):
        detected[index], confidence[index] = language, value
    # On a Hindi or Marathi site, an answer lingua is not sure of is read again, twice as far: formal,
    # Sanskrit-heavy Hindi at a text's start is its commonest misreading as Marathi, and the sentences after
    # it settle it. (On another site, either answer is a flag: the first stands.)
    again = [
        index
        for index in devanagari
        if confidence[index] < SURE
        and expected[index] in DEVANAGARI_LANGUAGES
        and len(texts[index]) > LINGUA_SAMPLE
    ]
    for index, (language, value) in zip(
        again, _lingua([texts[index][:REREAD_SAMPLE] for index in again]), strict=True
    ):
        detected[index], confidence[index] = language, value
    flagged = []
    for index, language in enumerate(detected):
        uncertain = (
            expected[index] in DEVANAGARI_LANGUAGES
            and language in DEVANAGARI_LANGUAGES
            and letters[index] < SHORT_TEXT
            and confidence[index] < FLAG_CONFIDENCE
        )
        flagged.append(bool(letters[index] == 0) or (language != expected[index] and not uncertain))
    return detected, confidence, flagged
