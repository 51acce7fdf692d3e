"""An archive's history stays true when captures are read again: re-extractions and older captures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.cleaning.rules import content_hash
from crawler.storage.article_texts import JOIN
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database

URL = "https://www.abplive.com/news/india/story-1398123"


def row(body: str, at: str, capture: str, source: str = "live", title: str = "शीर्षक") -> dict[str, Any]:
    return {
        "url": URL, "site": "abplive-hi", "language": "hi", "title": title, "body": body,
        "published_at": "2021-01-01T09:00:00+05:30", "published_date": "2021-01-01",
        "content_hash": content_hash(title, None, body), "crawled_at": at, "capture_id": capture,
        "source": source,
    }  # fmt: skip


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "a.db")
    yield database
    database.close()


def versions(db) -> list[tuple]:
    return db.execute(
        "select version, body, captured_at, source, words_added from article_versions "
        "where url = ? order by version",
        [URL],
    ).fetchall()


def article(db) -> tuple:
    return db.execute(
        f"select body, version_count, edited, first_seen_at, last_changed_at from {JOIN} where url = ?",
        [URL],
    ).fetchone()


def test_an_older_capture_takes_its_place_behind_the_newer_version(db) -> None:
    upsert_articles(db, [row("नया पाठ", "2025-06-01T00:00:00+00:00", "c2")], [])
    counts = upsert_articles(
        db, [row("पुराना पाठ", "2021-01-02T00:00:00+00:00", "c1", "CC-NEWS-1.warc.gz")], []
    )
    assert counts["backfilled"] == 1
    body, count, edited, first_seen, _ = article(db)
    assert body == "नया पाठ" and count == 2 and edited == 1  # the newer content stays the article's
    assert first_seen == "2021-01-02T00:00:00+00:00"
    assert [(v[0], v[1], v[3]) for v in versions(db)] == [
        (1, "पुराना पाठ", "CC-NEWS-1.warc.gz"),
        (2, "नया पाठ", "live"),
    ]
    assert versions(db)[1][4] == 1  # version 2 is diffed against the older one now before it


def test_an_older_capture_between_two_versions_is_numbered_between_them(db) -> None:
    upsert_articles(db, [row("एक", "2024-01-01T00:00:00+00:00", "c1")], [])
    upsert_articles(db, [row("एक तीन", "2024-03-01T00:00:00+00:00", "c3")], [])
    upsert_articles(db, [row("एक दो", "2024-02-01T00:00:00+00:00", "c2", "old.warc.gz")], [])
    assert [v[1] for v in versions(db)] == ["एक", "एक दो", "एक तीन"]
    assert article(db)[:2] == ("एक तीन", 3)


def test_an_older_capture_of_known_content_only_moves_first_seen_back(db) -> None:
    upsert_articles(db, [row("पाठ", "2025-06-01T00:00:00+00:00", "c2")], [])
    counts = upsert_articles(db, [row("पाठ", "2021-01-02T00:00:00+00:00", "c1", "old.warc.gz")], [])
    assert counts["unchanged"] == 1 and versions(db) == []
    assert article(db)[3] == "2021-01-02T00:00:00+00:00"


def test_the_same_capture_read_again_is_a_reextraction_not_an_edit(db) -> None:
    upsert_articles(db, [row("गलत पाठ", "2025-06-01T00:00:00+00:00", "c1")], [])
    upsert_articles(db, [row("गलत पाठ दो", "2025-06-02T00:00:00+00:00", "c2")], [])
    counts = upsert_articles(db, [row("सही पाठ", "2025-06-01T00:00:00+00:00", "c1", "c1.warc.gz")], [])
    assert counts["reextracted"] == 1
    assert article(db)[:3] == ("गलत पाठ दो", 2, 1)  # the latest content is another capture's: untouched
    assert [v[1] for v in versions(db)] == ["सही पाठ", "गलत पाठ दो"]
    assert db.execute("select event from article_events").fetchall() == [("reextracted",)]


def test_a_newer_capture_is_an_edit_as_in_a_live_crawl(db) -> None:
    upsert_articles(db, [row("पहला", "2025-06-01T00:00:00+00:00", "c1")], [])
    counts = upsert_articles(db, [row("दूसरा", "2025-07-01T00:00:00+00:00", "c2", "new.warc.gz")], [])
    assert counts["updated"] == 1 and article(db)[:2] == ("दूसरा", 2)
