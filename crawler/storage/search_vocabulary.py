"""Search through the full-text index's own vocabulary: a typed word is expanded to the spellings the index
holds (``crawler.search.spellings`` generates them, FTS5's ``fts5vocab`` view says which are there).

Nothing is kept beside the index, so storing an article costs what it did before search understood
spellings, and an archive of any age searches this way as soon as the view exists (``ensure_vocabulary``).
Earlier archives' ``search_terms`` and ``search_words`` tables (a vocabulary kept by the store, 20 % of its
rate) are dropped.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from sqlite_utils import Database

from crawler.search.inflection import Inflection, attests, doubtful, joins
from crawler.search.normalise import normalise
from crawler.search.query import MAX_SPELLINGS, match_expression, parse_query, quoted
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
# Languages that share their script with another language here (Devanagari: Hindi and Marathi): a form read
# through a doubtful ending of one of them is proved by an article of that language holding it, among the
# newest of the articles that hold it, not by counting forms (measured on real text: docs/search.md).
SHARED_SCRIPT_LANGUAGES = frozenset({"hi", "mr"})
NEWEST_HOLDERS = 200


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
    spellings = {normalise(spelling) for spelling in found}
    # Each term looked up once a query: the typed word's own readings are asked of every candidate.
    held_in = functools.cache(functools.partial(held_in_language, conn))
    return [spelling for spelling in found if attested_form(word, spelling, spellings, held_in)][
        :MAX_SPELLINGS
    ]


def attested_form(word: str, spelling: str, spellings: set[str], held_in: Callable[[str, str], bool]) -> bool:
    """Whether ``spelling`` is a form of the typed ``word`` (``spellings``: the normalised spellings the
    archive holds of the word's forms; ``held_in(term, language)``: whether an article of that language holds
    the term): some way the rules join them (``crawler.search.inflection.joins``) holds on the archive's
    evidence, each doubtful reading ``proved``."""
    return any(
        all(
            proved(reading, form, spellings, held_in)
            for reading, form in ((typed_reading, word), (candidate_reading, spelling))
        )
        and in_its_language(candidate_reading, spelling, held_in)
        for typed_reading, candidate_reading in joins(word, spelling)
    )


def in_its_language(reading: Inflection | None, form: str, held_in: Callable[[str, str], bool]) -> bool:
    """Whether a form the index holds, read by one language's rules of a script two languages share, is held
    by an article of that language: Hindi's पहले ("before") is no Marathi plural of पहला."""
    return (
        reading is None or reading.language not in SHARED_SCRIPT_LANGUAGES or held_in(form, reading.language)
    )


def proved(
    reading: Inflection | None, form: str, spellings: set[str], held_in: Callable[[str, str], bool]
) -> bool:
    """Whether ``form`` read as ``reading`` is so by the archive: a sure reading is; one whose ending asks for
    a confirming form needs it held (पहली is पहला's where पहले is held); one through an ending that is also the
    end of many base words needs, in Hindi and Marathi, an article of that language holding the form
    (Hindi's हालात is no Marathi हाल + ात), in the other languages two inflected forms of the base held."""
    if reading is None or not doubtful(reading):
        return True
    ending, spelling = reading.ending, normalise(form)
    if ending.confirmed_by:
        stem = spelling[: len(spelling) - len(ending.text)] if spelling.endswith(ending.text) else None
        if stem is None or not any(stem + confirmation in spellings for confirmation in ending.confirmed_by):
            return False
    if not ending.attested:
        return True
    if reading.language in SHARED_SCRIPT_LANGUAGES:
        return held_in(form, reading.language)
    return sum(1 for other in spellings if attests(other, reading.language, reading.base)) >= EVIDENCE_FORMS


def held_in_language(conn: sqlite3.Connection, term: str, language: str) -> bool:
    """Whether an article in ``language`` holds ``term``, among the newest ``NEWEST_HOLDERS`` that do."""
    sql = (
        f"select 1 from articles where language = ? and rowid in (select rowid from {FTS_TABLE} "
        f"where {FTS_TABLE} match ? order by rowid desc limit ?) limit 1"
    )
    return conn.execute(sql, [language, quoted(term), NEWEST_HOLDERS]).fetchone() is not None


def search_match(conn: sqlite3.Connection, text: str | None) -> str:
    """FTS5 MATCH text for typed ``text`` against this archive (a database without the view: as typed)."""
    query = parse_query(text or "")
    words = sum(len(clause.words) for group in query.groups for clause in group)
    limit = QUERY_CANDIDATES // max(words, 1)
    try:
        return match_expression(query, lambda word: spellings(conn, word, limit))
    except sqlite3.OperationalError:  # a database of another kind: no vocabulary to expand through
        return match_expression(query, lambda word: ())
