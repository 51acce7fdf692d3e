"""Search that understands Indian languages: one spelling finds every accepted spelling, encoding, digit form
and inflection of a word, without merging different words (docs/search.md).

Pure code, no database: ``normalise`` maps a word to its canonical spelling per script, ``inflection`` gives
the spellings a word may stand for (its search keys), ``query`` turns any typed text into a valid FTS5 query
whose words are expanded through the archive's vocabulary (``crawler.storage.search_terms``).
"""
