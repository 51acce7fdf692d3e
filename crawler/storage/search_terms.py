"""The archive's search vocabulary: every indexed word with its search keys (``crawler.search``).

Table ``search_terms (key, term)``: one row per key of each word the full-text index holds, so a typed word
is expanded to every indexed spelling that shares one of its keys — one index range per key, whatever the
archive's size; ``search_words (term)`` lists each word once, for the store's check of a batch's words.
The full-text index itself and its ``highlight()`` stay on the original text. The store adds the words of
each batch it writes; an older archive is filled from the index's own vocabulary (``fts5vocab``) when it is
opened (``ensure_search_terms``).
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from crawler.search.inflection import search_keys
from crawler.search.normalise import tokens
from crawler.search.query import MAX_SPELLINGS, match_expression, parse_query

TABLE = "search_terms"
# Every indexed word once: what a batch checks its words against (one probe a word, not one per key).
WORDS = "search_words"
PROBE_CHUNK = 500
VOCABULARY = "articles_fts_vocab"
TEXT_COLUMNS = ("title", "summary", "body")
# Words written through this database handle, so a batch only looks up words new to it.
_WRITTEN: weakref.WeakKeyDictionary[Database, set[str]] = weakref.WeakKeyDictionary()
# A bound on that memory: past it, the set starts again (a word is then written again, ignored as known).
_MAX_REMEMBERED = 500_000


def ensure_search_terms(db: Database) -> None:
    """Create the table; fill it from the full-text index when the index has words and the table none (an
    archive from before search understood spellings; one transaction, so a killed fill starts again)."""
    db.execute(
        f"create table if not exists {TABLE} (key text not null, term text not null, primary key (key, term))"
        " without rowid"
    )
    db.execute(f"create table if not exists {WORDS} (term text primary key) without rowid")
    db.execute(f"create virtual table if not exists {VOCABULARY} using fts5vocab(articles_fts, 'row')")
    if db.execute(f"select 1 from {TABLE} limit 1").fetchone():
        if not db.execute(f"select 1 from {WORDS} limit 1").fetchone():  # from before search_words
            with db.conn:
                db.execute(f"insert or ignore into {WORDS} (term) select distinct term from {TABLE}")
        return
    if not db.execute(f"select 1 from {VOCABULARY} limit 1").fetchone():
        return
    with db.conn:
        _insert(db, [term for (term,) in db.execute(f"select term from {VOCABULARY}")])


def pending_words(db: Database, rows: Iterable[dict[str, Any]]) -> set[str]:
    """The whitespace-separated words of ``rows``' indexed text not yet written through this handle.

    Split on white space, not tokenised: deduplicating first makes a batch of known words cost a set
    difference (tokenising every article's text took ~0.75 ms, most of what storing it costs)."""
    written = _WRITTEN.setdefault(db, set())
    words: set[str] = set()
    for row in rows:
        for column in TEXT_COLUMNS:
            words.update((row.get(column) or "").split())
    return words - written


def write_words(db: Database, words: set[str]) -> None:
    """Add the index terms of ``words`` that the vocabulary lacks, with their keys, inside the caller's
    transaction."""
    terms = list({term for word in words for term in tokens(word)})
    known: set[str] = set()
    for first in range(0, len(terms), PROBE_CHUNK):
        chunk = terms[first : first + PROBE_CHUNK]
        sql = f"select term from {WORDS} where term in ({', '.join('?' * len(chunk))})"
        known.update(term for (term,) in db.execute(sql, chunk))
    _insert(db, [term for term in terms if term not in known])


def remember_words(db: Database, words: set[str]) -> None:
    """After the transaction that wrote ``words`` committed: they need no lookup again."""
    written = _WRITTEN.setdefault(db, set())
    if len(written) + len(words) > _MAX_REMEMBERED:
        written.clear()
    written.update(words)


def _insert(db: Database, terms: list[str]) -> None:
    db.conn.executemany(f"insert or ignore into {WORDS} (term) values (?)", ((term,) for term in terms))
    db.conn.executemany(
        f"insert or ignore into {TABLE} (key, term) values (?, ?)",
        ((key, term) for term in terms for key in search_keys(term)),
    )


def spellings(conn: sqlite3.Connection, keys: frozenset[str]) -> list[str]:
    """The indexed words that share one of ``keys``."""
    ordered = sorted(keys)
    placeholders = ", ".join("?" * len(ordered))
    sql = (
        f"select distinct term from {TABLE} where key in ({placeholders}) order by term limit {MAX_SPELLINGS}"
    )
    return [row[0] for row in conn.execute(sql, ordered)]


def search_match(conn: sqlite3.Connection, text: str | None) -> str:
    """FTS5 MATCH text for typed ``text`` against this archive (an archive without the table: as typed)."""
    query = parse_query(text or "")
    try:
        return match_expression(query, lambda keys: spellings(conn, keys))
    except sqlite3.OperationalError:  # a database of another kind: no vocabulary to expand through
        return match_expression(query, lambda keys: ())
