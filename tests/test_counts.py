"""The counts the archive keeps as it is written (crawler.storage.counts) equal counting every article."""

from __future__ import annotations

import random
from pathlib import Path

from sqlite_utils import Database

from crawler.storage.articles import upsert_articles
from crawler.storage.counts import KEPT_COUNTS, WITH_DAYS
from crawler.storage.schema import open_database


def counted(db: Database, table: str) -> list[tuple]:
    """What ``table`` keeps, counted from ``articles``."""
    column = KEPT_COUNTS[table]
    days = ", min(published_date), max(published_date)" if table in WITH_DAYS else ""
    return db.execute(
        f"select site, {column}, count(*){days} from articles group by site, {column} order by 1, 2"
    ).fetchall()


def kept(db: Database, table: str) -> list[tuple]:
    return db.execute(f"select * from {table} order by 1, 2").fetchall()


def article(url: str, choose: random.Random) -> dict:
    day = f"2026-{choose.randint(1, 12):02}-{choose.randint(1, 28):02}"
    return {
        "url": url,
        "site": choose.choice(["abplive-hi", "abplive-mr"]),
        "title": "शीर्षक",
        "body": f"पाठ {url}",
        "author": choose.choice(["अनिल कुमार", "एबीपी न्यूज़", None]),
        "section": choose.choice(["news/india", "sports", None]),
        "published_at": choose.choice([f"{day}T10:00:00+05:30", None]),
        "published_date": None,
        "content_hash": f"{url}{choose.random()}",
        "crawled_at": "2026-12-01T00:00:00+00:00",
    }


def test_kept_counts_follow_every_store_edit_and_delete(tmp_path: Path) -> None:
    """Articles stored, stored again edited (a new byline, section, day or site), deleted by hand: after
    each step every kept row equals the count of ``articles``, bylines and sections without a value too."""
    db = open_database(tmp_path / "a.db")
    choose = random.Random(7)
    urls = [f"https://x/{n}" for n in range(60)]
    for step in range(8):
        batch = [article(url, choose) for url in choose.sample(urls, 20)]
        for row in batch:
            row["published_date"] = (row["published_at"] or "")[:10] or None
        upsert_articles(db, batch, [])
        if step % 3 == 2:
            with db.conn:
                db.execute("delete from articles where url in (?, ?)", choose.sample(urls, 2))
        for table in KEPT_COUNTS:
            assert kept(db, table) == counted(db, table), (step, table)
    assert any(author is None for _, author, *_ in kept(db, "authors"))


def test_an_archive_without_the_counts_has_them_counted_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = open_database(path)
    choose = random.Random(3)
    upsert_articles(db, [article(f"https://x/{n}", choose) for n in range(30)], [])
    with db.conn:
        for table in KEPT_COUNTS:
            db.execute(f"drop table {table}")  # its triggers go with it
        db.execute("pragma user_version = 3")
    db.close()
    upgraded = open_database(path)
    for table in KEPT_COUNTS:
        assert kept(upgraded, table) == counted(upgraded, table) != []
    upsert_articles(upgraded, [article("https://x/new", choose)], [])  # and kept from then on
    assert kept(upgraded, "authors") == counted(upgraded, "authors")
