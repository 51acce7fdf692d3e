"""Where an article's text lives: ``article_texts``, one row per article keyed by the article's rowid, and the
full-text index over it (``article_texts_fts``).

``articles`` keeps what a listing, a facet or a sort reads (~1 KB a row): counting a search's matches,
filtering them by site or sorting a section then reads small rows, not ~10 KB of text each (issue 26; the
figures in docs/benchmarks.md). The headline is in both: ``articles`` lists it, the index searches it.
An archive whose ``articles`` still holds the text is moved to this layout in place, in steps that a killed
upgrade resumes (``move_texts_out``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlite_utils import Database

from crawler.reporting.progress import Progress

TABLE = "article_texts"
TEXT_COLUMNS = ("title", "summary", "body")
# Columns only ``article_texts`` holds (the headline is also in ``articles``).
TEXT_ONLY = ("summary", "body")
FTS_TABLE = f"{TABLE}_fts"  # sqlite-utils' name for it
# The index of archives whose ``articles`` held the text.
OLD_FTS_TABLE = "articles_fts"
# FTS5's default tokenizer treats Devanagari vowel signs (category M) as separators and splits every Hindi
# word apart; counting marks as word characters gives exact word matches. The zero-width (non-)joiners that
# keyboards put inside Indic words are word characters too, so such a word stays one token (search folds
# them away: crawler.search.normalise). An archive created before they were keeps its index as it is.
FTS_TOKENIZE = "unicode61 categories 'L* N* Co M*' tokenchars '\u200c\u200d'"
# FTS5 stores its index in rows of at most this many bytes (default 4,050). Counting the index's rows, which
# Datasette does for every table on the database page and SQLite cannot interrupt, took 0.95 s at 1,000,000
# articles with the default, 0.18 s with this (bench/archive.py).
FTS_PAGE_SIZE = 32_000
# Articles copied per transaction when an older archive's text is moved out (one commit a chunk, so a
# killed upgrade loses at most one chunk's work).
MOVE_CHUNK = 20_000
# The text of a row joined to its article, for reads that need both.
JOIN = f"articles join {TABLE} on {TABLE}.id = articles.rowid"
# Every article as one row with its text (for exports and whole-article reads).
ARTICLES_WITH_TEXT = f"""select articles.*, {TABLE}.summary, {TABLE}.body
from articles left join {TABLE} on {TABLE}.id = articles.rowid"""


def ensure_texts_schema(db: Database) -> None:
    """The texts table and its full-text index, kept in step by triggers."""
    _create_table(db)
    texts = db.table(TABLE)
    # Datasette counts every table on the database page, and SQLite cannot interrupt a count: without an
    # index it walks the whole table (1.45 s at 1,000,000 articles), with this one 4 ms.
    texts.create_index(["id"], f"{TABLE}_count", if_not_exists=True)
    if not texts.detect_fts():
        texts.enable_fts(list(TEXT_COLUMNS), create_triggers=True, tokenize=FTS_TOKENIZE)
        _large_fts_pages(db)


def _create_table(db: Database) -> None:
    db.execute(
        f"create table if not exists {TABLE} (id integer primary key, title text, summary text, body text)"
    )


def _large_fts_pages(db: Database) -> None:
    """New index pages are written at FTS_PAGE_SIZE; the existing ones when FTS5 merges them, or at once by
    an ``optimize`` (75 s at 1,000,000 articles)."""
    if not db.execute(f"select 1 from {FTS_TABLE}_config where k = 'pgsz'").fetchone():
        with db.conn:
            db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values ('pgsz', ?)", [FTS_PAGE_SIZE])


def holds_text(db: Database) -> bool:
    """Whether ``articles`` still holds the text (an archive from before ``article_texts``)."""
    return "body" in db.table("articles").columns_dict


def move_texts_out(
    db: Database,
    create_articles: Callable[[str], None],
    report: Callable[[str], None] = print,
    report_prefix: str = "",
) -> None:
    """Move an older archive's text out of ``articles``, in three steps, each resumable:

    1. copy the text to ``article_texts`` by rowid, a chunk a transaction (a rerun goes on after the last),
       with its progress (``report_prefix`` before it);
    2. in one transaction, rebuild ``articles`` without the text (``create_articles(name)`` creates the
       narrow table under ``name``), rowids kept, and put it in place (its old triggers go with it);
    3. index ``article_texts`` (sqlite-utils' ``enable_fts`` with ``replace``, which starts again over an
       index a killed run left without its triggers), then drop the old index over ``articles``.
    """
    started = time.perf_counter()
    _create_table(db)
    if holds_text(db):
        (last,) = db.execute(f"select coalesce(max(id), 0) from {TABLE}").fetchone()
        (total,) = db.execute("select max(rowid) from articles").fetchone()
        present = db.table("articles").columns_dict
        held = ", ".join(column if column in present else "null" for column in TEXT_COLUMNS)
        with Progress(f"{report_prefix}texts copied", total or 0, "article", unit_scale=True) as progress:
            progress.set(last)
            while True:
                with db.conn:
                    copied = db.execute(
                        f"insert into {TABLE} (id, title, summary, body) select rowid, {held} "
                        "from articles where rowid > ? order by rowid limit ?",
                        [last, MOVE_CHUNK],
                    ).rowcount
                    (last,) = db.execute(f"select coalesce(max(id), 0) from {TABLE}").fetchone()
                progress.set(last)
                if copied < MOVE_CHUNK:
                    break
        with db.conn:
            create_articles("articles_narrow")
            columns = ", ".join(f"[{column}]" for column in db.table("articles_narrow").columns_dict)
            db.execute(
                f"insert into articles_narrow (rowid, {columns}) select rowid, {columns} from articles"
            )
            db.execute("drop table articles")
            db.execute("alter table articles_narrow rename to articles")
        report(f"articles rebuilt without their text, {time.perf_counter() - started:.0f} s")
    if db.table(OLD_FTS_TABLE).exists():
        db.table(TABLE).enable_fts(
            list(TEXT_COLUMNS), create_triggers=True, tokenize=FTS_TOKENIZE, replace=True
        )
        _large_fts_pages(db)
        with db.conn:
            db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('optimize')")  # in FTS_PAGE_SIZE pages
            db.execute(f"drop table if exists {OLD_FTS_TABLE}_vocab")
            db.execute(f"drop table {OLD_FTS_TABLE}")
        report(f"full-text index rebuilt over {TABLE}, {time.perf_counter() - started:.0f} s")


def write_texts(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    """Store the text of these articles (their ``articles`` rows written first), new or changed, inside the
    caller's transaction."""
    db.conn.executemany(
        f"insert into {TABLE} (id, title, summary, body) "
        "select rowid, :title, :summary, :body from articles where url = :url "
        "on conflict (id) do update set title = excluded.title, summary = excluded.summary, "
        "body = excluded.body",
        [{column: row.get(column) for column in ("url", *TEXT_COLUMNS)} for row in rows],
    )


def without_text(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` as the ``articles`` table holds it."""
    return {key: value for key, value in row.items() if key not in TEXT_ONLY}


def column_source(column: str) -> str:
    """Where a content column is read in ``JOIN``."""
    return f"{TABLE}.{column}" if column in TEXT_ONLY else f"articles.{column}"
