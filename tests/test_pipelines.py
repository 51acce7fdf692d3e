"""The pipeline classes as Scrapy runs them: validate drops and counts, store batches and flushes."""

from __future__ import annotations

import asyncio
import json
import pickle
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.extraction.article import extract_article
from crawler.items import Article
from crawler.markup.htmltree import parse_fragment
from crawler.sites import DEFAULT_SITE, SITES
from pipelines.clean import CleanPipeline
from pipelines.store import SQLiteStorePipeline
from pipelines.validate import ValidatePipeline
from spiders.abplive import AbpliveSpider
from tests.clock import PINNED_SETTING
from tests.golden import golden_case


def article(url: str = "https://www.abplive.com/news/india/a-1", **fields) -> Article:
    defaults = {
        "title": "शीर्षक",
        "body_node": parse_fragment("<div><p>पाठ.</p></div>"),
        "published_at": "2026-11-25T10:00:00+05:30",
    }
    return Article(url=url, site="abplive-hi", language="hi", **{**defaults, **fields})


def crawler_for(tmp_path: Path, **settings):
    settings = {"SQLITE_PATH": str(tmp_path / "a.db"), **PINNED_SETTING, **settings}
    crawler = get_crawler(AbpliveSpider, settings)
    crawler.spider = AbpliveSpider.from_crawler(crawler, since="2026-11-20")
    return crawler


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "no_title"),
        ({"body_node": parse_fragment("<div><iframe src='x'></iframe></div>")}, "no_body"),
        ({"published_at": "2026-11-19T23:59:00+05:30"}, "too_old"),
    ],
)
def test_validate_drops_and_counts(tmp_path: Path, fields: dict, reason: str) -> None:
    crawler = crawler_for(tmp_path)
    item = CleanPipeline().process_item(article(**fields))
    with pytest.raises(DropItem, match=reason):
        ValidatePipeline.from_crawler(crawler).process_item(item)
    assert crawler.stats.get_value(f"abplive/dropped/{reason}") == 1


def test_validate_keeps_a_complete_article_in_the_window(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    item = CleanPipeline().process_item(article(published_at="2026-11-20T00:00:00+05:30"))
    assert ValidatePipeline.from_crawler(crawler).process_item(item) is item
    assert crawler.spider.options.since == date(2026, 11, 20)


def test_store_writes_in_batches_and_flushes_the_rest_on_close(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path, SQLITE_BATCH_SIZE=3)
    store = SQLiteStorePipeline.from_crawler(crawler)
    clean = CleanPipeline()

    async def crawl() -> None:
        for n in range(4):
            await store.process_item(clean.process_item(article(f"https://www.abplive.com/news/india/a-{n}")))
        assert store.db["articles"].count == 3  # one full batch written, one item buffered
        await store.close_spider()

    asyncio.run(crawl())
    assert SQLiteStorePipeline.from_crawler(crawler).db["articles"].count == 4
    assert crawler.stats.get_value("abplive/articles/new") == 4


def test_store_keeps_a_failed_batch_and_retries_it(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path, SQLITE_BATCH_SIZE=1)
    store = SQLiteStorePipeline.from_crawler(crawler)
    store.db.execute("create trigger block before insert on articles begin select raise(abort, 'full'); end")

    async def crawl() -> None:
        await store.process_item(CleanPipeline().process_item(article()))
        assert crawler.stats.get_value("abplive/store/errors") == 1
        assert len(store.rows) == 1
        await store.process_item(
            CleanPipeline().process_item(article("https://www.abplive.com/news/india/b-2"))
        )
        assert crawler.stats.get_value("abplive/store/errors") == 2  # retried a batch (of 1) later
        assert len(store.rows) == 2  # both kept, in order
        store.db.execute("drop trigger block")
        await store.close_spider()

    asyncio.run(crawl())
    assert crawler.stats.get_value("abplive/articles/new") == 2
    assert crawler.stats.get_value("abplive/store/unsaved") is None


def test_store_keeps_extracting_while_a_batch_waits_for_a_locked_database(tmp_path: Path) -> None:
    """A write blocked by another writer's lock runs in a worker thread: the event loop stays free."""
    crawler = crawler_for(tmp_path, SQLITE_BATCH_SIZE=1, SQLITE_TIMEOUT=5)
    store = SQLiteStorePipeline.from_crawler(crawler)
    other_writer = sqlite3.connect(tmp_path / "a.db")
    other_writer.execute("begin immediate")
    ticks = []

    async def tick() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(0.05)

    async def crawl() -> None:
        ticker = asyncio.create_task(tick())
        writing = asyncio.create_task(store.process_item(CleanPipeline().process_item(article())))
        await asyncio.sleep(0.5)
        assert not writing.done() and len(ticks) >= 5  # the write waits; the loop does not
        other_writer.rollback()
        await writing
        ticker.cancel()
        await store.close_spider()

    asyncio.run(crawl())
    assert crawler.stats.get_value("abplive/articles/new") == 1
    assert crawler.stats.get_value("abplive/store/errors") is None


def test_store_keeps_a_batch_whose_write_raised_something_unexpected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = crawler_for(tmp_path, SQLITE_BATCH_SIZE=2)
    store = SQLiteStorePipeline.from_crawler(crawler)
    clean = CleanPipeline()

    def broken(*args: object) -> None:
        raise ValueError("a bug in the write")

    async def crawl() -> None:
        await store.process_item(clean.process_item(article("https://www.abplive.com/news/india/a-1")))
        with monkeypatch.context() as patch:
            patch.setattr("pipelines.store.store_batch", broken)
            with pytest.raises(ValueError):
                await store.process_item(
                    clean.process_item(article("https://www.abplive.com/news/india/a-2"))
                )
        assert len(store.rows) == 2  # nothing taken out of the buffer is lost
        await store.close_spider()

    asyncio.run(crawl())
    assert SQLiteStorePipeline.from_crawler(crawler).db["articles"].count == 2


def test_an_article_carrying_its_body_node_survives_a_pickled_request_queue() -> None:
    """A render retry carries the plain article in its request; JOBDIR queues pickle requests."""
    case = golden_case("abplive-hi", "abp-full")
    url = json.loads((case / "meta.json").read_text(encoding="utf-8"))["url"]
    article = extract_article(url, (case / "page.html").read_text(encoding="utf-8"), SITES[DEFAULT_SITE])
    assert article.body_node is not None and article.body is None  # a long body: left to the pipeline
    restored = pickle.loads(pickle.dumps(article))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))["body"]
    assert CleanPipeline().process_item(restored).body == expected
    assert CleanPipeline().process_item(article).body == expected
