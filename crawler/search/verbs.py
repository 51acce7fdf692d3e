"""Verb conjugation tables for Hindi, Marathi, Bengali, Gujarati and Punjabi: data for ``inflection``.

A verb is searched by its dictionary form, the form a reader types: Hindi करना, Marathi करणे, Bengali করা,
Gujarati કરવું, Punjabi ਕਰਨਾ. Each table says what a stem takes to make that form (``dictionary``), the
endings that make its tense, aspect, mood and participle forms after a stem ending in a consonant or a vowel,
the irregular forms of the most frequent verbs, and the verbs whose stem is one letter (जा, दे, হ), which
the rules read only when they are listed: a one-letter stem read from any word would merge too much.

Sources: the paradigms of the standard reference grammars — R. S. McGregor, *Outline of Hindi Grammar*
(Oxford, 1995); R. V. Dhongde and K. Wali, *Marathi* (John Benjamins, 2009); A. Thompson, *Bengali: A
Comprehensive Grammar* (Routledge, 2010); G. Cardona and B. Suthar, "Gujarati", in *The Indo-Aryan
Languages* (Routledge, 2003); T. K. Bhatia, *Punjabi: A Cognitive-Descriptive Grammar* (Routledge, 1993).
Left out on purpose: irregular forms that are also a frequent other word (Hindi की "of", लिए "for";
Bengali নিয়ে "about", দিয়ে "by"; Punjabi ਲਈ "for"), which would bring every sentence holding that word.

A word is read as a verb form only where it is found in the index, never where it is typed
(``Ending.typed``): कला typed is not read as the perfective of a verb कलना, so it finds no कली.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Conjugation:
    dictionary: tuple[str, ...]  # what a stem takes to be the dictionary form
    after_consonant: tuple[str, ...]
    after_vowel: tuple[str, ...]
    after_any: tuple[str, ...]
    irregular: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dictionary form → its forms
    one_letter_stems: tuple[str, ...] = ()  # dictionary forms whose stem is one letter
    dictionary_after_vowel: tuple[str, ...] = ()  # where a stem ending in a vowel takes another (যাওয়া)
    after_listed_stem: tuple[str, ...] = ()  # endings read only after the one-letter stems listed
    not_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # forms the rules would wrongly give
    # A one-vowel stem's vowel as the dictionary form writes it → as some forms raise it (কেনা → কিনে).
    raised_vowels: dict[str, str] = field(default_factory=dict)


HINDI = Conjugation(
    dictionary=("ना",),
    # Not the bare stem of a verb ending in a consonant (जीत लिया, रोक दिया): in news text it is as often a
    # noun or an adverb of its own (जीत "victory", खेल "game", फिर "again", मांग "demand"); measured on the
    # Hindi treebank, it gave 10 points of the verbs' recall for 83 of their 197 wrong finds (docs/search.md);
    # करना's कर is listed with its irregular forms.
    after_consonant=(
        "ा", "ी", "े", "ीं", "ें", "ो", "ूं",  # perfective चला चली चले चलीं; subjunctive चलें चलो चलूं
        "ेगा", "ेगी", "ेंगे", "ेंगी", "ूंगा", "ूंगी", "ोगे", "ोगी",  # future
        "िए", "िये", "िएगा",  # polite imperative चलिए
    ),
    after_vowel=(
        "या", "यी", "ये", "ई", "ए", "ईं", "यीं",  # perfective बताया बताई बताए
        "एं", "ऊं", "ओ", "यें",  # subjunctive, imperative बताएं बताओ
        "एगा", "एगी", "एंगे", "एंगी", "ऊंगा", "ऊंगी", "ओगे", "ओगी", "गा", "गी", "ंगे", "ंगी",  # future
        "इए", "इये", "इएगा",
    ),
    after_any=(
        "ता", "ती", "ते", "तीं", "ने", "नी", "कर", "के",  # imperfective, infinitive, देखकर
    ),
    irregular={
        # कर: the bare stem (कर दिया, कर रहे), kept for the most frequent verb only (see after_consonant).
        "करना": ("कर", "किया", "किए", "किये", "कीं", "कीजिए", "कीजिये"),
        "जाना": ("गया", "गई", "गए", "गयी", "गये", "गईं", "गयीं"),
        "लेना": ("लिया", "ली", "लिये", "लीं", "लीजिए", "लीजिये"),
        "देना": ("दिया", "दी", "दिए", "दिये", "दीं", "दीजिए", "दीजिये"),
        "होना": ("हुआ", "हुई", "हुए", "हुईं", "हुये", "हुयी"),
        "पीना": ("पिया", "पिए", "पिये", "पीजिए"),
    },
    # The bare stem of a verb ending in a vowel only for these: बना, लगा, मिला are as often another verb's
    # perfective (बनना, लगना, मिलना) as the stem of बनाना, लगाना, मिलाना (measured: docs/search.md).
    after_listed_stem=("",),
    one_letter_stems=(
        "जाना", "आना", "देना", "लेना", "होना", "खाना", "पीना", "सोना", "रोना", "धोना", "छूना", "जीना",
        "पाना", "लाना", "गाना", "सीना", "ढोना",
    ),
    # Forms that are also a frequent word of their own: the modal चाहिए "should" (McGregor §6.7: a verb of
    # its own), पानी "water".
    not_forms={"चाहना": ("चाहिए", "चाहिये"), "पाना": ("पानी",)},
)  # fmt: skip

MARATHI = Conjugation(
    dictionary=("णे",),
    after_consonant=(
        "ा", "ावा", "ावी", "ावे", "ायला", "ायचा", "ायची", "ायचे", "ायच्या",  # imperative, obligative, purpose
        "ून", "ू", "ेल", "ाल", "ेन", "ीन",  # absolutive, future
        "ाला", "ाली", "ाले", "ालो", "ाल्या",  # म्हणाला, निघाला
        "िला", "िली", "िले", "िल्या", "ितला", "ितली", "ितले", "ितल्या",  # पाहिले, सांगितले
    ),
    after_vowel=(
        "ऊन", "ऊ", "ईल", "वा", "वी", "वे", "यला", "यचा", "यची", "यचे", "ई",  # घेऊन, होऊ, येईल, जावे, जायला
    ),
    after_any=(
        "", "तो", "ते", "ता", "ती", "तात", "तोस", "तेस", "तं", "त", "ताना", "तील", "शील",  # present, participle
        "ला", "ली", "ले", "लो", "ल्या", "लं", "लात", "लास", "लीस", "लेत",  # past
        "लेला", "लेली", "लेले", "लेल्या", "ल्यावर", "ल्याने", "ल्यास",  # past participles
        "णार", "णारा", "णारी", "णारे", "णाऱ्या",  # future participle
        "ण्यास", "ण्याची", "ण्याचा", "ण्याचे", "ण्याच्या", "ण्यासाठी", "ण्यात", "ण्याला", "ण्याने", "ण्या",
    ),
    irregular={
        "जाणे": ("गेला", "गेली", "गेले", "गेलो", "गेल्या", "गेलं", "गेलेला", "गेलेली", "गेलेले", "गेल्यावर"),
        "येणे": ("आला", "आली", "आलो", "आल्या", "आलं", "आलेला", "आलेली", "आलेले", "आल्यावर", "आलास", "यायला",
                 "यावे", "यावा"),
        "होणे": ("झाला", "झाली", "झाले", "झालो", "झाल्या", "झालं", "झालेला", "झालेली", "झालेले", "झाल्यावर",
                 "झाल्याने", "झालात"),
        "करणे": ("केला", "केली", "केले", "केलो", "केल्या", "केलं", "केलेला", "केलेली", "केलेले", "केल्यावर",
                 "केल्याने", "केल्यास"),
        "देणे": ("दिला", "दिली", "दिले", "दिल्या", "दिलं", "दिलेला", "दिलेली", "दिलेले", "द्या", "द्यायला",
                 "द्यावा", "द्यावी", "द्यावे"),
        "घेणे": ("घेतला", "घेतली", "घेतले", "घेतल्या", "घेतलं", "घेतलेला", "घेतलेली", "घेतलेले", "घ्या",
                 "घ्यायला", "घ्यावा", "घ्यावी", "घ्यावे"),
        "मरणे": ("मेला", "मेली", "मेले", "मेल्या"),
        "खाणे": ("खाल्ला", "खाल्ली", "खाल्ले", "खाल्ल्या"),
        "पिणे": ("प्याला", "प्याली", "प्याले", "प्यायला"),
        "नेणे": ("नेला", "नेली", "नेले", "न्या", "न्यायला"),
        "असणे": ("आहे", "आहेत", "आहोत", "आहेस", "आहात", "होता", "होती", "होते", "होतो", "होत्या", "होतास"),
    },
    one_letter_stems=("जाणे", "येणे", "घेणे", "देणे", "नेणे", "होणे", "खाणे", "पिणे", "धुणे"),
    # होता, होती, होत्या are the past of असणे ("was"), not forms of होणे ("become").
    not_forms={"होणे": ("होता", "होती", "होत्या")},
)  # fmt: skip

BENGALI = Conjugation(
    dictionary=("া",),
    after_consonant=(
        "ে", "ি", "ো", "েন", "িস", "ছে", "ছি", "ছেন", "ছিস", "ছিল", "ছিলেন", "েছে", "েছি", "েছেন", "েছিল",
        "েছিলেন", "েছিলাম", "ল", "লো", "লেন", "লাম", "লি", "বে", "ব", "বো", "বেন", "বি", "ত", "তো", "তেন",
        "তাম", "তে", "লে", "ুন", "ুক", "িয়ে", "ানো", "ার",
    ),
    after_vowel=("য়", "ই", "ও", "ন", "চ্ছে", "চ্ছি", "চ্ছেন", "বে", "ব", "বো", "বেন", "ওয়ার"),
    after_any=(),
    dictionary_after_vowel=("ওয়া",),
    irregular={
        "যাওয়া": ("যায়", "যাই", "যাও", "যান", "যাচ্ছে", "যাবে", "যাব", "যাবেন", "গেল", "গেলো", "গেলেন", "গেছে",
                  "গেছেন", "গিয়েছে", "গিয়েছিল", "গিয়েছিলেন", "গিয়ে", "যেতে", "গেলে"),
        "হওয়া": ("হয়", "হই", "হও", "হন", "হচ্ছে", "হবে", "হব", "হবেন", "হল", "হলো", "হলেন", "হয়েছে",
                 "হয়েছেন", "হয়েছিল", "হয়েছিলেন", "হয়ে", "হতে", "হলে", "হওয়ার"),
        "দেওয়া": ("দেয়", "দিই", "দাও", "দেন", "দিচ্ছে", "দেবে", "দেব", "দিল", "দিলেন", "দিয়েছে", "দিয়েছেন",
                  "দিয়েছিল", "দিতে"),
        "নেওয়া": ("নেয়", "নিই", "নাও", "নেন", "নিচ্ছে", "নেবে", "নেব", "নিল", "নিলেন", "নিয়েছে", "নিয়েছেন",
                  "নিয়েছিল", "নিতে"),
        "খাওয়া": ("খায়", "খাই", "খাও", "খান", "খাচ্ছে", "খাবে", "খেল", "খেলেন", "খেয়েছে", "খেয়েছেন", "খেয়ে",
                  "খেতে"),
        "আসা": ("এল", "এলো", "এলেন", "এসেছে", "এসেছেন", "এসেছিল", "এসে"),
    },
    one_letter_stems=("চাওয়া", "পাওয়া", "গাওয়া", "খাওয়া", "যাওয়া", "হওয়া", "দেওয়া", "নেওয়া"),
    # Vowel raising (Thompson's verb chapter: the stem vowel's alternation): the perfective participle, the
    # perfect, the infinitive and the past raise a one-vowel stem's vowel: রাখা → রেখে, কেনা → কিনে, শেখা →
    # শিখেছি, ঘোরা → ঘুরতে, আনা → এনেছি, ওঠা → উঠে. Read both ways; a raised spelling no verb has is never in
    # the index.
    raised_vowels={"া": "ে", "ে": "ি", "ো": "ু", "আ": "এ", "এ": "ই", "ও": "উ"},
    # Raised forms that are postpositions too, left out as the irregular ones are: নিয়ে "about", দিয়ে "by",
    # থেকে "from".
    not_forms={
        "নেওয়া": ("নিয়ে",), "নেয়া": ("নিয়ে",), "দেওয়া": ("দিয়ে",), "দেয়া": ("দিয়ে",), "থাকা": ("থেকে",),
    },
)  # fmt: skip

GUJARATI = Conjugation(
    dictionary=("વું",),
    after_consonant=(
        "ે", "ું", "ો", "ી", "ીએ", "ીશ", "ીશું", "ીને", "્યું", "્યો", "્યા", "્યાં", "ેલ", "ેલું", "ેલો",
        "ેલી", "ેલા", "ાય", "શે", "શો",
    ),
    after_vowel=("ય", "યું", "યો", "યા", "યાં", "શે", "શો", "ઈશ", "ઈએ", "ઈને"),
    after_any=("", "તો", "તી", "તું", "તા", "તાં", "વા", "વાની", "વાનો", "વાનું", "વાના"),
    irregular={
        "જવું": ("ગયો", "ગયું", "ગઈ", "ગયા", "ગયાં", "ગયેલ", "ગયેલું", "જાય", "જશે", "જાઓ"),
        "લેવું": ("લીધો", "લીધું", "લીધી", "લીધા", "લીધાં"),
        "દેવું": ("દીધો", "દીધું", "દીધી", "દીધા"),
        "ખાવું": ("ખાધો", "ખાધું", "ખાધી", "ખાધા"),
        "પીવું": ("પીધો", "પીધું", "પીધી", "પીધા"),
        "થવું": ("થયો", "થયું", "થઈ", "થયા", "થયાં", "થાય", "થશે"),
    },
    one_letter_stems=("જોવું", "ખાવું", "પીવું", "લેવું", "દેવું", "થવું", "જવું"),
)  # fmt: skip

PUNJABI = Conjugation(
    dictionary=("ਨਾ", "ਣਾ"),
    after_consonant=(
        "ਦਾ", "ਦੀ", "ਦੇ", "ਦੀਆਂ", "ੇ", "ੋ", "ਾਂ", "ੇਗਾ", "ੇਗੀ", "ਾਂਗਾ", "ਾਂਗੇ", "ੋਗੇ", "ਿਆ", "ੀ",
        "ੀਆਂ", "ੀਏ", "ਦਿਆਂ",
    ),
    after_vowel=(
        "ਂਦਾ", "ਂਦੀ", "ਂਦੇ", "ਂਦੀਆਂ", "ਵੇ", "ਓ", "ਵਾਂ", "ਵੇਗਾ", "ਵੇਗੀ", "ਵਾਂਗਾ", "ਵਾਂਗੇ", "ਓਗੇ", "ਇਆ", "ਈ",
        "ਏ", "ਈਆਂ",
    ),
    after_any=("", "ਨ", "ਣ", "ਨੇ", "ਣੇ", "ਨੀ", "ਣੀ", "ਨਗੇ", "ਣਗੇ", "ਕੇ"),
    irregular={
        "ਕਰਨਾ": ("ਕੀਤਾ", "ਕੀਤੀ", "ਕੀਤੇ", "ਕੀਤੀਆਂ"),
        "ਜਾਣਾ": ("ਗਿਆ", "ਗਈ", "ਗਏ", "ਗਈਆਂ"),
        "ਲੈਣਾ": ("ਲਿਆ", "ਲਏ", "ਲਈਆਂ"),
        "ਦੇਣਾ": ("ਦਿੱਤਾ", "ਦਿੱਤੀ", "ਦਿੱਤੇ", "ਦਿੱਤੀਆਂ"),
        "ਖਾਣਾ": ("ਖਾਧਾ", "ਖਾਧੀ", "ਖਾਧੇ"),
        "ਪੀਣਾ": ("ਪੀਤਾ", "ਪੀਤੀ", "ਪੀਤੇ"),
    },
    one_letter_stems=("ਜਾਣਾ", "ਆਉਣਾ", "ਲੈਣਾ", "ਦੇਣਾ", "ਹੋਣਾ", "ਖਾਣਾ", "ਪੀਣਾ", "ਸੌਣਾ"),
)  # fmt: skip

CONJUGATIONS = {"hi": HINDI, "mr": MARATHI, "bn": BENGALI, "gu": GUJARATI, "pa": PUNJABI}
