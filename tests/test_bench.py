"""The archive benchmark's baseline: plain inserts must write the very rows the store writes, or the
store/plain ratio compares different work (issue 26)."""

from __future__ import annotations

from pathlib import Path

from bench.archive import new_articles, plain_inserts
from crawler.storage.article_texts import ARTICLES_WITH_TEXT
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database


def _rows(path: Path) -> list[dict]:
    db = open_database(path)
    try:
        return [dict(row) for row in db.query(f"{ARTICLES_WITH_TEXT} order by articles.rowid")]
    finally:
        db.close()


def test_plain_inserts_write_the_rows_the_store_writes(tmp_path: Path) -> None:
    articles = new_articles(30, seed=5)
    stored, plain = tmp_path / "stored.db", tmp_path / "plain.db"
    db = open_database(stored)
    upsert_articles(db, articles, [])
    db.close()
    db = open_database(plain)
    plain_inserts(db, articles, 7)
    db.close()
    stored_rows, plain_rows = _rows(stored), _rows(plain)
    assert len(stored_rows) == len(plain_rows) == 30
    for stored_row, plain_row in zip(stored_rows, plain_rows, strict=True):
        assert plain_row == stored_row
    assert len({row["newest_first"] for row in plain_rows}) == 30  # real keys, spread through the index
