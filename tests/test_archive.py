"""The SQLite store: schema, idempotent upsert, Hindi full-text search, upgrades in place."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from sqlite_utils import Database

from crawler.cli.serve import CONFIG
from crawler.storage.article_texts import FTS_PAGE_SIZE, FTS_TABLE, FTS_TOKENIZE, MOVE_CHUNK
from crawler.storage.articles import newest_first, upsert_articles
from crawler.storage.schema import (
    SCHEMA_VERSION,
    StoreError,
    ensure_schema,
    open_database,
    schema_version,
    write_apart,
)


def row(url: str, body: str, title: str = "शीर्षक", content_hash: str | None = None) -> dict:
    return {
        "url": url,
        "site": "abplive-hi",
        "language": "hi",
        "title": title,
        "summary": None,
        "body": body,
        "tags": ["टैग"],
        "word_count": len(body.split()),
        "content_hash": content_hash or str(hash((title, body))),
    }


BODIES = {
    "https://x/1": "कांग्रेस ने बैठक बुलाई.",
    "https://x/2": "राज्य में कांग्रेस की सरकार है.",
    "https://x/3": "शिष्य ने कहा कि वह के गुरु से मिला.",  # the letters of कांग्रेस, not the word
    "https://x/4": "बीजेपी ने रैली की.",
}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "sub" / "a.db")
    upsert_articles(database, [row(url, body) for url, body in BODIES.items()], [])
    return database


def search(db: Database, query: str) -> set[str]:
    sql = (
        f"select articles.url from {FTS_TABLE} join articles on articles.rowid = {FTS_TABLE}.rowid "
        f"where {FTS_TABLE} match ?"
    )
    return {url for (url,) in db.execute(sql, ['"' + query.replace('"', '""') + '"'])}


def test_fts_finds_exactly_the_rows_containing_the_hindi_word(db: Database) -> None:
    assert search(db, "कांग्रेस") == {"https://x/1", "https://x/2"}
    assert search(db, "गुरु") == {"https://x/3"}


def test_the_default_tokenizer_would_have_matched_shared_letters(tmp_path: Path) -> None:
    # Why the tokenizer setting matters: unicode61's defaults split Hindi words at vowel signs.
    plain = Database(tmp_path / "plain.db")
    plain["t"].insert_all({"body": body} for body in BODIES.values())
    plain["t"].enable_fts(["body"])
    assert len(list(plain["t"].search("कांग्रेस"))) == 3


def test_fts_uses_the_hindi_safe_tokenizer(db: Database) -> None:
    sql = db.execute("select sql from sqlite_master where name = ?", [FTS_TABLE]).fetchone()[0]
    assert FTS_TOKENIZE.replace("'", "''") in sql


def test_upsert_is_idempotent_and_counts_outcomes(db: Database) -> None:
    rows = [row(url, body) for url, body in BODIES.items()]
    assert upsert_articles(db, rows, []) == {"new": 0, "updated": 0, "unchanged": 4, "removed": 0}
    changed = row("https://x/1", "भाजपा ने बैठक बुलाई.")
    assert upsert_articles(db, [changed, row("https://x/5", "नया")], []) == {
        "new": 1,
        "updated": 1,
        "unchanged": 0,
        "removed": 0,
    }
    assert db["articles"].count == 5
    assert search(db, "भाजपा") == {"https://x/1"}
    assert "https://x/1" not in search(db, "कांग्रेस")  # the FTS index follows updates


def test_edited_articles_with_and_without_a_date_are_stored_in_one_batch(db: Database) -> None:
    """An upsert of several rows writes every column any of them has: an edit without a date keeps its
    newest-first key instead of failing the whole batch on a null."""
    before = dict(db.execute("select url, newest_first from articles").fetchall())
    dated = row("https://x/1", "भाजपा ने बैठक बुलाई.") | {"published_at": "2026-11-25T10:00:00+05:30"}
    undated = row("https://x/2", "राज्य में भाजपा की सरकार है.")
    assert upsert_articles(db, [dated, undated], [])["updated"] == 2
    after = dict(db.execute("select url, newest_first from articles").fetchall())
    assert after["https://x/1"] == pytest.approx(newest_first(dated["published_at"], None))
    assert after["https://x/2"] == before["https://x/2"]


def test_tags_are_stored_as_a_json_array(db: Database) -> None:
    assert db.execute("select tags from articles limit 1").fetchone()[0] == '["टैग"]'


def test_database_is_in_wal_mode(db: Database) -> None:
    assert db.journal_mode == "wal"


def test_existing_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    old["articles"].insert(
        {
            "url": "https://x/1",
            "title": "पुराना",
            "body": "कांग्रेस",
            "published_at": "2020-05-06T01:00:00+05:30",
        },
        pk="url",
    )
    # Stored by a version that already kept history, edited and later taken down.
    old["articles"].insert(
        {
            "url": "https://x/2",
            "title": "दूसरा",
            "body": "पाठ",
            "version_count": 2,
            "removed_at": "2026-11-26",
        },
        alter=True,
    )
    old.close()
    upgraded = open_database(path)
    assert {"content_hash", "extraction", "crawled_at"} <= set(upgraded["articles"].columns_dict)
    assert upgraded["article_texts"].detect_fts() == FTS_TABLE
    assert upgraded["articles"].count == 2 and "body" not in upgraded["articles"].columns_dict
    assert (
        upgraded.execute("select published_date from articles where url = 'https://x/1'").fetchone()[0]
        == "2020-05-06"
    )
    flags = upgraded.execute("select url, edited, removed from articles order by url").fetchall()
    assert flags == [("https://x/1", 0, 0), ("https://x/2", 1, 1)]
    key = upgraded.execute("select newest_first from articles where url = 'https://x/1'").fetchone()[0]
    assert key == pytest.approx(newest_first("2020-05-06T01:00:00+05:30", None))
    assert search(upgraded, "कांग्रेस") == {"https://x/1"}
    ensure_schema(upgraded)  # a second time changes nothing
    assert upgraded["articles"].count == 2


def test_unusable_path_raises_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match="cannot use SQLite database"):
        open_database(tmp_path / "file" / "a.db")


def test_not_a_database_raises_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        open_database(path)


def test_a_failed_write_beside_the_store_is_a_clear_error_and_the_next_one_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with pytest.raises(StoreError, match=r"cannot write to SQLite database .*a\.db: no such table"):
        write_apart(path, 5.0, lambda db: db.execute("insert into no_such_table values (1)"))
    write_apart(path, 5.0, lambda db: upsert_articles(db, [row("https://x/1", "खबर")], []))
    assert open_database(path)["articles"].count == 1


@pytest.mark.parametrize(
    ("word", "fragment"),
    [
        ("शेतकऱ्यांसाठी", "शेतकऱ्यां"),  # Marathi (Devanagari, with a vowel sign and a virama)
        ("প্রকল্পের", "প্রকল্প"),  # Bengali
        ("યોજનાની", "યોજના"),  # Gujarati
        ("ਕਿਸਾਨਾਂ", "ਕਿਸਾਨ"),  # Gurmukhi
        ("திட்டத்தை", "திட்ட"),  # Tamil
        ("ప్రభుత్వం", "ప్రభుత్వ"),  # Telugu
        ("farmers", "farm"),  # Latin
    ],
)
def test_full_text_search_finds_whole_words_in_every_script(tmp_path: Path, word: str, fragment: str) -> None:
    database = open_database(tmp_path / "scripts.db")
    upsert_articles(
        database, [row("https://x/w", f"आज {word} की खबर"), row("https://x/f", f"आज {fragment} भी")], []
    )
    assert search(database, word) == {"https://x/w"}
    assert search(database, fragment) == {"https://x/f"}  # the fragment is not a prefix match of the word


def canned_sql(name: str) -> str:
    metadata = yaml.safe_load((CONFIG / "metadata.yml").read_text(encoding="utf-8"))
    return metadata["databases"]["abplive"]["queries"][name]["sql"]


FACET = "select {column} as value, count(*) from (select * from articles {where}) group by {column}"
NEXT_PAGE = "where (newest_first > :p0 or (newest_first = :p0 and url > :p1))"


@pytest.mark.parametrize(
    "sql",
    [
        FACET.format(column="site", where=""),
        FACET.format(column="language", where=NEXT_PAGE),
        FACET.format(column="site", where=NEXT_PAGE),
        FACET.format(column="edited", where=""),
        FACET.format(column="removed", where=""),
        canned_sql("articles_per_day"),
        f"select url from articles {NEXT_PAGE} order by newest_first, url limit 101",
        "select url from articles where section = :s order by newest_first, url limit 101",
    ],
    ids=[
        "facet",
        "facet on a next page",
        "site facet on a next page",
        "edited",
        "removed",
        "per day",
        "next",
        "section",
    ],
)
def test_archive_pages_read_indexes_not_rows(db: Database, sql: str) -> None:
    """At a million articles a page that reads the ~10 KB rows takes seconds: these are answered from
    indexes (a covering index, or an index search for the few rows shown)."""
    params = {"site": "", "p0": 0.0, "p1": "", "s": "x"}
    plan = " | ".join(row[3] for row in db.execute(f"explain query plan {sql}", params))
    # A scan of the table reads every row; a scan of a plain index too, one lookup per entry. A page of 101
    # rows may walk an index in its order (it stops after 101); counts and groups must stay in an index.
    allowed = "INDEX" if "limit 101" in sql else "COVERING INDEX"
    scans = [step for step in plan.split(" | ") if step.startswith("SCAN") and allowed not in step]
    assert not scans, plan
    if "limit 101" in sql:  # a page of rows comes in index order, not sorted after reading every match
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_the_author_list_reads_the_kept_counts_not_the_articles(db: Database) -> None:
    plan = " | ".join(
        row[3] for row in db.execute(f"explain query plan {canned_sql('articles_by_author')}", {"site": ""})
    )
    assert "authors" in plan and "articles" not in plan, plan


def reading_plugin() -> ModuleType:
    """The reading pages' plugin, loaded from Datasette's plugins directory as `make serve` loads it."""
    spec = importlib.util.spec_from_file_location("archive_plugin", CONFIG / "plugins" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trends_for_a_word_count_its_matches_in_the_days_index(db: Database) -> None:
    """A word in 250,000 articles: one row lookup per match took 1.0 s at a million articles; the matches'
    rowids are gathered once and the covering index of days answers."""
    plugin = reading_plugin()
    plugin.prepare_connection(db.conn)
    sql = plugin.PER_DAY_SQL.format(match=plugin.MATCH_SQL)
    params = {"first": "2000-01-01", "site": "", "q": "कांग्रेस"}
    plan = " | ".join(row[3] for row in db.execute(f"explain query plan {sql}", params))
    assert "COVERING INDEX idx_articles_published_date_site" in plan, plan
    assert "INTEGER PRIMARY KEY" not in plan, plan


@pytest.mark.parametrize(
    ("published_at", "first_seen_at"),
    [
        ("2026-11-25T09:30:00+05:30", None),
        ("2019-05-23", "2026-01-01T00:00:00+00:00"),
        (None, "2026-11-25T04:00:00"),
    ],
)
def test_the_newest_first_key_is_sqlites_julian_day(db: Database, published_at, first_seen_at) -> None:
    """The store computes the sort key the upgrade computes in SQL: one order for old and new rows."""
    [(expected,)] = db.execute("select -julianday(coalesce(?, ?))", [published_at, first_seen_at]).fetchall()
    assert newest_first(published_at, first_seen_at) == pytest.approx(expected, abs=1e-9)


def test_newest_first_is_stored_for_new_articles_and_never_null(db: Database) -> None:
    rows = db.execute("select url, newest_first from articles").fetchall()
    assert len(rows) == 4 and all(key is not None and key < 0 for _, key in rows)
    notnull = {row[1]: row[3] for row in db.execute("pragma table_info(articles)")}
    assert notnull["newest_first"] == 1


def test_the_full_text_index_is_written_in_large_pages(db: Database) -> None:
    """Datasette counts every table on the database page; the index's row count is what that costs."""
    [(page_size,)] = db.execute(f"select v from {FTS_TABLE}_config where k = 'pgsz'").fetchall()
    assert page_size == FTS_PAGE_SIZE


def wide_archive(path: Path, articles: int) -> None:
    """An archive as written before 41a8909 (schema version 0): the text in ``articles``, indexed by
    ``articles_fts``."""
    old = Database(path)
    old["articles"].insert_all(
        (
            {"url": f"https://x/{n}", "title": f"शीर्षक {n}", "summary": "सार", "body": f"कांग्रेस पाठ{n}"}
            for n in range(articles)
        ),
        pk="url",
    )
    old["articles"].enable_fts(["title", "summary", "body"], create_triggers=True, tokenize=FTS_TOKENIZE)
    old.close()


def test_an_archive_with_its_text_in_articles_has_it_moved_out(tmp_path: Path) -> None:
    path = tmp_path / "wide.db"
    wide_archive(path, 3)
    rowids = dict(Database(path).execute("select url, rowid from articles").fetchall())
    db = open_database(path)
    assert "body" not in db["articles"].columns_dict and not db["articles_fts"].exists()
    texts = db.execute("select id, title, summary, body from article_texts order by id").fetchall()
    assert texts == [(rowids[f"https://x/{n}"], f"शीर्षक {n}", "सार", f"कांग्रेस पाठ{n}") for n in range(3)]
    assert search(db, "पाठ1") == {"https://x/1"} and len(search(db, "कांग्रेस")) == 3
    upsert_articles(db, [row("https://x/1", "बदला हुआ पाठ")], [])  # the store goes on over the new layout
    assert search(db, "बदला") == {"https://x/1"} and "https://x/1" not in search(db, "पाठ1")
    first = db.execute("select title, body from article_versions where url = 'https://x/1'").fetchone()
    assert first == ("शीर्षक 1", "कांग्रेस पाठ1")  # its earlier text became version 1


@pytest.mark.parametrize("killed_after", ["a chunk of the copy", "the narrow table", "the index's creation"])
def test_a_killed_upgrade_is_resumed(tmp_path: Path, killed_after: str) -> None:
    """Each step of the move is resumable: an upgrade killed after it completes on the next open."""
    path = tmp_path / "wide.db"
    wide_archive(path, MOVE_CHUNK + 5)
    partial = Database(path)
    partial.execute(
        "create table article_texts (id integer primary key, title text, summary text, body text)"
    )
    partial.execute("insert into article_texts select rowid, title, summary, body from articles limit 7")
    if killed_after != "a chunk of the copy":
        partial.execute("delete from article_texts")
        partial.execute("insert into article_texts select rowid, title, summary, body from articles")
        partial.execute("create table narrow as select rowid as id, url, title from articles")
        partial.execute("drop table articles")
        partial.execute("create table articles (url text primary key, title text)")
        partial.execute("insert into articles (rowid, url, title) select id, url, title from narrow")
        partial.execute("drop table narrow")
    partial.conn.commit()
    if killed_after == "the index's creation":  # sqlite-utils committed the new index, not yet its triggers
        partial["article_texts"].enable_fts(["title", "summary", "body"], tokenize=FTS_TOKENIZE)
    partial.close()
    db = open_database(path)
    assert db.execute("select count(*) from article_texts").fetchone()[0] == MOVE_CHUNK + 5
    assert len(search(db, "कांग्रेस")) == MOVE_CHUNK + 5 and search(db, "पाठ3") == {"https://x/3"}
    triggers = {name for (name,) in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert {"article_texts_ai", "article_texts_ad", "article_texts_au"} <= triggers


def test_the_archive_keeps_its_schema_version_and_refuses_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    unversioned = sqlite3.connect(path)
    unversioned.execute("create table articles (url text primary key, title text, body text)")
    unversioned.commit()
    assert unversioned.execute("pragma user_version").fetchone()[0] == 0
    unversioned.close()
    db = open_database(path)  # upgraded in place and stamped
    assert schema_version(db) == SCHEMA_VERSION >= 1
    db.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer than"):
        open_database(path)
