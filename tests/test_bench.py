"""The archive benchmark's baseline: plain inserts must write the very rows the store writes, or the
store/plain ratio compares different work (issue 26); and the archives of other shapes it builds for the
export's benchmark are of the shape they say."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from bench.archive import FUNCTION_WORDS, SHAPES, article, new_articles, plain_inserts, vocabulary
from bench.crawl_profile import by_component
from crawler.export import language
from crawler.export.language import by_function_words
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


def test_the_shapes_hold_their_sites_years_and_languages() -> None:
    """One site's archive is Hindi alone; four sites' are dealt in turn over three years; where a shape gives
    bodies their language's function words, the export's check settles them by those words, never as the
    other language: every Hindi body, most Marathi ones (Marathi's list is shorter; lingua reads the rest)."""
    words, cumulative = vocabulary(2_000)
    for name, years in (("one-site", 6), ("four-sites", 3)):
        shape, rng = SHAPES[name], random.Random(3)
        made = [article(n, rng, words, cumulative, shape) for n in range(400)]
        assert Counter(row["site"] for row in made) == {site: 400 // len(shape.sites) for site in shape.sites}
        assert max(row["published_at"][:4] for row in made) == str(2021 + years - 1)
        devanagari = [row for row in made if row["language"] in FUNCTION_WORDS]
        settled = by_function_words([row["body"][: language.SAMPLE] for row in devanagari])
        for code, least in (("hi", 1.0), ("mr", 0.8)):
            answers = [
                answer for answer, row in zip(settled, devanagari, strict=True) if row["language"] == code
            ]
            assert set(answers) <= {code, None}
            assert answers.count(code) >= least * len(answers)


def test_the_crawl_profile_counts_samples_to_the_innermost_component_per_thread(tmp_path: Path) -> None:
    """py-spy's collapsed stacks (250 samples a second): the main thread's apart from the others, a thread
    known by its id before its name is sampled, each sample counted to its innermost named component."""
    collapsed = tmp_path / "full.txt"
    collapsed.write_text(
        "thread (7): MainThread;run (scrapy/core/engine.py:1);"
        "extract_article (/w/crawler/extraction/article.py:54);fromstring (lxml/html/__init__.py:3) 250\n"
        "thread (7);run (scrapy/core/engine.py:1);extract_article (/w/crawler/extraction/article.py:60) 125\n"
        "thread (9): asyncio_0;store_batch (/w/crawler/storage/batches.py:80);execute (sqlite3/x.py:9) 500\n"
        "thread (9): asyncio_0;_bootstrap (threading.py:1002) 50\n"
    )
    assert by_component(collapsed) == {
        "reactor thread": {"parsel and lxml": 1.0, "extraction": 0.5},
        "other threads": {"store": 2.0, "other": 0.2},
    }
