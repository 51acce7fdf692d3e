"""Search that understands Indian languages: one spelling finds every accepted spelling, encoding, digit form
and inflection of a word, without merging different words (docs/search.md).

Pure code, no database: ``normalise`` maps a word to its canonical spelling per script, ``inflection`` gives
the spellings a word may stand for (its search keys), ``spellings`` the spellings an index may hold of a
word's every form (the two run backwards), ``query`` turns any typed text into a valid FTS5 query whose words
are expanded to those the archive's index holds (``crawler.storage.search_vocabulary``).
"""
