"""The archive remembers: versions of an article, word diffs, takedowns and returns, revisits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.storage.article_texts import JOIN
from crawler.storage.articles import upsert_articles
from crawler.storage.diffs import word_diff
from crawler.storage.history import due_revisits, version_row
from crawler.storage.schema import open_database

URL = "https://www.abplive.com/news/india/story-1398123"


HINDI = ["abplive-hi"]


def article(body: str, title: str = "पुराना शीर्षक", at: str = "2026-11-25T10:00:00+00:00", **extra) -> dict:
    return {
        "url": URL, "site": "abplive-hi", "language": "hi", "title": title, "summary": None, "body": body,
        "published_at": "2026-11-25T09:00:00+00:00", "crawled_at": at,
        "content_hash": str(hash((title, body))),
        **extra,
    }  # fmt: skip


def gone(at: str) -> dict:
    return {"url": URL, "reason": "gone", "published_at": None, "crawled_at": at}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "a.db")


def versions(db: Database) -> list[dict]:
    return list(db.query("select * from article_versions order by version"))


def test_each_distinct_content_is_a_version_and_an_unchanged_refetch_adds_none(db: Database) -> None:
    upsert_articles(db, [article("पहला पैरा. दूसरा पैरा.")], [])
    upsert_articles(db, [article("पहला पैरा. दूसरा पैरा.", at="2026-11-25T11:00:00+00:00")], [])
    # An article with one content so far is its row: the text is not stored twice.
    assert versions(db) == [] and db["articles"].get(URL)["version_count"] == 1
    counts = upsert_articles(
        db, [article("पहला पैरा. बदला हुआ पैरा.", title="नया शीर्षक", at="2026-11-26T08:00:00+00:00")], []
    )
    assert counts["updated"] == 1
    first, second = versions(db)
    assert (first["version"], first["body"]) == (1, "पहला पैरा. दूसरा पैरा.")
    assert (second["version"], second["title"], second["previous_title"]) == (2, "नया शीर्षक", "पुराना शीर्षक")
    assert second["diff"] == "[-पुराना-] {+नया+} शीर्षक पहला पैरा. [-दूसरा-] {+बदला हुआ+} पैरा."
    assert (second["words_added"], second["words_removed"]) == (3, 2)
    row = db["articles"].get(URL)
    assert (row["title"], row["version_count"], row["edited"]) == ("नया शीर्षक", 2, 1)
    assert row["first_seen_at"] == "2026-11-25T10:00:00+00:00"
    assert row["last_changed_at"] == row["crawled_at"] == "2026-11-26T08:00:00+00:00"


def test_an_unchanged_article_seen_again_keeps_its_full_text_rows(db: Database) -> None:
    upsert_articles(db, [article("पहला पैरा.")], [])
    fts_rowid = db.execute("select rowid from article_texts_fts").fetchall()
    changes = db.conn.total_changes
    upsert_articles(db, [article("पहला पैरा.", at="2026-11-27T00:00:00+00:00")], [])
    # One row updated in articles; no delete and re-insert of its full-text row (that would be 3+ changes).
    assert db.conn.total_changes - changes == 1
    assert db.execute("select rowid from article_texts_fts").fetchall() == fts_rowid


def test_a_takedown_keeps_the_article_and_its_return_is_recorded(db: Database) -> None:
    upsert_articles(db, [article("पहला पैरा.")], [])
    assert upsert_articles(db, [], [gone("2026-11-26T00:00:00+00:00")])["removed"] == 1
    assert upsert_articles(db, [], [gone("2026-11-27T00:00:00+00:00")])["removed"] == 0  # already removed
    row = db.execute(f"select removed_at, body, removed from {JOIN}").fetchone()
    assert row == ("2026-11-26T00:00:00+00:00", "पहला पैरा.", 1)
    assert not list(db.query("select * from dropped"))
    upsert_articles(db, [article("पहला पैरा.", at="2026-11-28T00:00:00+00:00")], [])
    assert (db["articles"].get(URL)["removed_at"], db["articles"].get(URL)["removed"]) == (None, 0)
    events = [(e["event"], e["at"]) for e in db.query("select * from article_events order by at")]
    assert events == [("removed", "2026-11-26T00:00:00+00:00"), ("returned", "2026-11-28T00:00:00+00:00")]


def test_revisits_are_due_at_each_point_after_publication_until_fetched_past_it(db: Database) -> None:
    upsert_articles(db, [article("पैरा.", at="2026-11-25T09:30:00+00:00", etag='"v1"')], [])
    due = due_revisits(db, datetime(2026, 11, 25, 10, 5, tzinfo=UTC), [1, 24, 168], 10, HINDI)
    assert due == [{"url": URL, "etag": '"v1"', "last_modified": None}]  # an hour after publication
    # Only the sites being crawled are revisited.
    assert due_revisits(db, datetime(2026, 11, 25, 10, 5, tzinfo=UTC), [1, 24, 168], 10, ["abplive-mr"]) == []
    upsert_articles(db, [article("पैरा.", at="2026-11-25T10:06:00+00:00")], [])
    assert due_revisits(db, datetime(2026, 11, 25, 23, 0, tzinfo=UTC), [1, 24, 168], 10, HINDI) == []
    assert (
        len(due_revisits(db, datetime(2026, 11, 26, 9, 1, tzinfo=UTC), [1, 24, 168], 10, HINDI)) == 1
    )  # a day
    assert due_revisits(db, datetime(2026, 11, 26, 9, 1, tzinfo=UTC), [1, 24, 168], 0, HINDI) == []


def test_word_diffs_never_cut_inside_a_grapheme() -> None:
    # क्षि is one grapheme of four code points (consonant, virama, consonant, vowel sign).
    diff = word_diff("शिक्षित लोग", "अशिक्षित लोग")
    assert diff.text == "[-शिक्षित-] {+अशिक्षित+} लोग" and (diff.added, diff.removed) == (1, 1)
    assert word_diff("same words", "same words") == (0, 0, "")


def test_a_version_1_written_by_an_older_store_is_kept_when_the_article_changes(db: Database) -> None:
    upsert_articles(db, [article("पहला पैरा.")], [])
    db["article_versions"].insert(version_row(article("पहला पैरा."), 1, None))  # as earlier stores did
    upsert_articles(db, [article("बदला पैरा.", at="2026-11-27T00:00:00+00:00")], [])
    assert [(v["version"], v["body"]) for v in versions(db)] == [(1, "पहला पैरा."), (2, "बदला पैरा.")]
