"""Search through the full-text index's own vocabulary: a typed word is expanded to the spellings the index
holds (``crawler.search.spellings`` generates them, FTS5's ``fts5vocab`` view says which are there).

Nothing is kept beside the index, so storing an article costs what it did before search understood
spellings, and an archive of any age searches this way as soon as the view exists (``ensure_vocabulary``).
Earlier archives' ``search_terms`` and ``search_words`` tables (a vocabulary kept by the store, 20 % of its
rate) are dropped.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from crawler.search.inflection import attests, confirmations, needs_evidence
from crawler.search.normalise import normalise
from crawler.search.query import MAX_SPELLINGS, match_expression, parse_query
from crawler.search.spellings import indexed_spellings
from crawler.storage.article_texts import FTS_TABLE

VOCABULARY = f"{FTS_TABLE}_vocab"
# Candidates a lookup asks for at once (SQLite's limit on parameters is 32,766).
LOOKUP_CHUNK = 500
# Candidates a whole query may look up (~0.07 ms each at 1,000,000 articles), shared by its words.
QUERY_CANDIDATES = 2_000
_RETIRED_TABLES = ("search_terms", "search_words")
# Inflected forms of a base the archive must hold before an ending that is also the end of base words merges.
EVIDENCE_FORMS = 2


def ensure_vocabulary(db: Database) -> None:
    """The vocabulary view over the full-text index, and no retired vocabulary tables."""
    with db.conn:
        db.execute(f"create virtual table if not exists {VOCABULARY} using fts5vocab({FTS_TABLE}, 'row')")
        for table in _RETIRED_TABLES:
            db.execute(f"drop table if exists {table}")


def spellings(conn: sqlite3.Connection, word: str, limit: int = QUERY_CANDIDATES) -> list[str]:
    """The spellings of ``word``'s forms that the index holds, fewest changes first, of its first ``limit``
    candidates."""
    candidates = indexed_spellings(word)[:limit]
    held: set[str] = set()
    for first in range(0, len(candidates), LOOKUP_CHUNK):
        chunk = candidates[first : first + LOOKUP_CHUNK]
        sql = f"select term from {VOCABULARY} where term in ({', '.join('?' * len(chunk))})"
        held.update(term for (term,) in conn.execute(sql, chunk))
    found = [candidate for candidate in candidates if candidate in held]
    held = {normalise(spelling) for spelling in found}
    return [spelling for spelling in found if attested_form(word, spelling, held)][:MAX_SPELLINGS]


def attested_form(word: str, spelling: str, spellings: set[str]) -> bool:
    """Whether ``spelling`` is a form of the typed ``word`` by the archive's evidence (``spellings``: the
    normalised spellings it holds of the word's forms): sure by the rules; where the rule asks for it, the
    archive holds a confirming form (पहली is पहला's where पहले is held, ``confirmations``); and, where an
    ending is also the end of many base words, the archive holds two inflected forms of the base in that
    language (``crawler.search.inflection.needs_evidence``)."""
    needed = confirmations(word, spelling)
    if needed and not needed & spellings:
        return False
    doubtful = needs_evidence(word, spelling)
    if not doubtful:
        return True
    return any(
        sum(1 for other in spellings if attests(other, language, base)) >= EVIDENCE_FORMS
        for language, base in doubtful
    )


def search_match(conn: sqlite3.Connection, text: str | None) -> str:
    """FTS5 MATCH text for typed ``text`` against this archive (a database without the view: as typed)."""
    query = parse_query(text or "")
    words = sum(len(clause.words) for group in query.groups for clause in group)
    limit = QUERY_CANDIDATES // max(words, 1)
    try:
        return match_expression(query, lambda word: spellings(conn, word, limit))
    except sqlite3.OperationalError:  # a database of another kind: no vocabulary to expand through
        return match_expression(query, lambda word: ())
