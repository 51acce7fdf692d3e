"""Every component ``crawler/settings.py`` switches on, built as Scrapy builds it (``get_crawler`` and the
component's own ``from_crawler``) and driven through its hooks with hand-made requests, responses and items,
the way Scrapy's own suite tests its middlewares: a failure here names the component, not a crawl."""

from __future__ import annotations

import ast
import asyncio
import json
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.extensions import Spidermon

from crawler import settings as project_settings
from crawler import stats as keys
from crawler.archives.index import IndexedCapture
from crawler.archives.responses import ArchivedCapture
from crawler.archives.sources import archive_for
from crawler.captures.reader import Captured
from crawler.components.archive import ARCHIVED, ArchiveMiddleware
from crawler.components.capture import CAPTURE_ID, CaptureExtension
from crawler.components.dblock import DatabaseLock
from crawler.components.known import CHECK_KNOWN, NEEDS_NEW_ARTICLES, KnownArticlesMiddleware
from crawler.components.logformatter import LogFormatter
from crawler.components.middlewares import RetryAfterMiddleware
from crawler.components.offsite import SameOriginMiddleware
from crawler.components.progress import CrawlProgress
from crawler.components.replay import REPLAYED, ReplayMiddleware
from crawler.components.runlog import CrawlRunLog
from crawler.components.summary import CrawlSummary
from crawler.components.takedowns import ARTICLE_REQUEST, TakedownRedirectMiddleware
from crawler.errors import StartupError
from crawler.items import Article
from crawler.markup.htmltree import parse_fragment
from crawler.reporting.summary import RUN_FAILED
from crawler.storage.articles import upsert_articles
from crawler.storage.batches import article_row
from crawler.storage.schema import open_database
from pipelines.clean import CleanPipeline
from pipelines.store import SQLiteStorePipeline
from pipelines.validate import ArticleDropped, ValidatePipeline
from spiders.abplive import AbpliveSpider
from tests.clock import PINNED_SETTING

COMPONENT_TABLES = ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS")
ORIGIN = "https://www.abplive.com"
ARTICLE_URL = f"{ORIGIN}/news/india/a-story-3050001"


def crawler_with_spider(tmp_path: Path, arguments: dict[str, str] | None = None, **settings: Any) -> Any:
    """A crawler as ``scrapy crawl`` makes it, its spider built from ``arguments`` (the ``-a`` values)."""
    # The project's settings, less its component tables: each test builds the one component it tests.
    project = {name: value for name, value in vars(project_settings).items() if name.isupper()}
    project = {name: value for name, value in project.items() if name not in COMPONENT_TABLES}
    crawler = get_crawler(
        AbpliveSpider, project | {"SQLITE_PATH": str(tmp_path / "a.db"), **PINNED_SETTING, **settings}
    )
    # `scrapy crawl` freezes the settings after the spider is made (a history crawl adds its slot);
    # get_crawler has frozen them already.
    crawler.settings.frozen = False
    crawler.spider = AbpliveSpider.from_crawler(crawler, **(arguments or {}))
    crawler.settings.freeze()
    return crawler


def html_response(url: str, status: int = 200, body: str = "<html></html>", **kwargs: Any) -> HtmlResponse:
    return HtmlResponse(url, status=status, body=body.encode(), encoding="utf-8", **kwargs)


def article(url: str = ARTICLE_URL, **fields: Any) -> Article:
    defaults = {
        "title": "शीर्षक",
        "body_node": parse_fragment("<div><p>पहला वाक्य। दूसरा वाक्य।</p></div>"),
        "published_at": f"{PINNED_SETTING['ABPLIVE_TODAY']}T10:00:00+05:30",
        "crawled_at": f"{PINNED_SETTING['ABPLIVE_TODAY']}T05:00:00+00:00",
    }
    return Article(url=url, site="abplive-hi", language="hi", **(defaults | fields))


def test_every_component_switched_on_has_a_unit_test_here() -> None:
    switched_on = [
        path
        for table in COMPONENT_TABLES
        for path, order in getattr(project_settings, table).items()
        if order is not None
    ] + [project_settings.LOG_FORMATTER]
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    tests = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    for path in switched_on:
        name = load_object(path).__name__
        assert name in imported, f"{path} is switched on but not tested here"
        assert any(name.lower() in test.replace("_", "") for test in tests), f"no test names {name}"


# Downloader middlewares


def test_replaymiddleware_answers_a_replayed_request_from_its_capture_and_refuses_the_network(
    tmp_path: Path,
) -> None:
    warc = tmp_path / "x.warc.gz"
    warc.touch()
    crawler = crawler_with_spider(tmp_path, {"warc": str(warc)})
    middleware = ReplayMiddleware.from_crawler(crawler)
    captured = Captured(
        url=ARTICLE_URL, status=200, headers=[("Content-Type", "text/html; charset=utf-8")],
        body="<html><h1>शीर्षक</h1></html>".encode(), fetched_at="2026-11-25T04:15:02Z",
        record_id="<urn:uuid:1>", warc_file=str(warc), offset=0, length=10,
    )  # fmt: skip
    response = middleware.process_request(Request(ARTICLE_URL, meta={REPLAYED: captured}))
    assert isinstance(response, HtmlResponse)
    assert (response.status, response.text) == (200, "<html><h1>शीर्षक</h1></html>")
    with pytest.raises(IgnoreRequest, match="no network request"):
        middleware.process_request(Request(f"{ORIGIN}/robots.txt"))
    assert crawler.stats.get_value(keys.REPLAY_SKIPPED + "network_request") == 1
    middleware.spider_closed(crawler.spider)  # the replayed capture is indexed
    rows = list(open_database(tmp_path / "a.db")["captures"].rows)
    assert [(row["record_id"], row["url"]) for row in rows] == [("<urn:uuid:1>", ARTICLE_URL)]


ENDPOINTS = {
    "wayback_cdx": "https://web.archive.org/cdx/search/cdx", "wayback_replay": "https://web.archive.org/web",
    "cc_index": "https://index.commoncrawl.org/", "cc_data": "https://data.commoncrawl.org",
}  # fmt: skip


def archived_request(archive: str, **capture: Any) -> Request:
    archived = ArchivedCapture(
        archive_for(archive, ENDPOINTS), "www.abplive.com",
        IndexedCapture(ARTICLE_URL + "?utm_source=x", "20261120040000", "DIGEST1", **capture),
    )  # fmt: skip
    return Request(archived.fetch_url, headers=archived.headers, meta={ARCHIVED: archived})


def test_archivemiddleware_reads_a_raw_capture_as_the_article_and_refuses_the_live_site(
    tmp_path: Path,
) -> None:
    crawler = crawler_with_spider(tmp_path, {"archive": "ia"})
    middleware = ArchiveMiddleware.from_crawler(crawler)
    request = archived_request("ia")
    assert request.url == f"https://web.archive.org/web/20261120040000id_/{ARTICLE_URL}?utm_source=x"
    answer = html_response(
        request.url, body="<html><h1>शीर्षक</h1></html>",
        headers={
            "Content-Type": "text/html", "X-Archive-Orig-Last-Modified": "Fri, 20 Nov 2026 03:00:00 GMT",
            "Date": "Sun, 06 Dec 2026 01:00:00 GMT", "Memento-Datetime": "Fri, 20 Nov 2026 04:00:00 GMT",
        },
    )  # fmt: skip
    assert middleware.process_request(request) is None
    page = middleware.process_response(request, answer)
    assert (page.url, page.text) == (f"{ARTICLE_URL}?utm_source=x", "<html><h1>शीर्षक</h1></html>")
    assert (
        page.headers.get("Last-Modified") == b"Fri, 20 Nov 2026 03:00:00 GMT" and b"Date" not in page.headers
    )
    captured = request.meta[REPLAYED]
    assert (captured.fetched_at, captured.warc_file) == ("2026-11-20T04:00:00Z", "wayback@20261120040000")
    assert crawler.stats.get_value(keys.ARCHIVE + "www.abplive.com/fetched") == 1
    with pytest.raises(IgnoreRequest, match="from its archive only"):
        middleware.process_request(Request(f"{ORIGIN}/robots.txt"))


def test_archivemiddleware_counts_and_records_a_capture_that_is_no_page(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, {"archive": "cc"})
    middleware = ArchiveMiddleware.from_crawler(crawler)
    request = archived_request("cc", filename="crawl-data/x.warc.gz", offset=1000, length=50)
    assert request.url == "https://data.commoncrawl.org/crawl-data/x.warc.gz"
    assert request.headers.get("Range") == b"bytes=1000-1049"
    cut_short = Response(request.url, status=206, body=b"\x1f\x8b" + b"x" * 20)
    with pytest.raises(IgnoreRequest, match="truncated"):
        middleware.process_response(request, cut_short)
    assert crawler.stats.get_value(keys.ARCHIVE + "www.abplive.com/dropped/truncated") == 1
    middleware.spider_closed(crawler.spider)
    rows = list(open_database(tmp_path / "a.db")["archive_captures"].rows)
    assert [(row["archive"], row["url"], row["outcome"]) for row in rows] == [
        ("commoncrawl", ARTICLE_URL, "truncated")
    ]


def test_replaymiddleware_lets_a_live_crawl_through(tmp_path: Path) -> None:
    middleware = ReplayMiddleware.from_crawler(crawler_with_spider(tmp_path))
    assert middleware.process_request(Request(ARTICLE_URL)) is None


def test_sameoriginmiddleware_refuses_another_port_of_the_same_host(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, {"base_url": "http://127.0.0.1:8765"})
    middleware = SameOriginMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    assert middleware.process_request(Request("http://127.0.0.1:8765/news/india/a-1")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://127.0.0.1:9999/news/india/a-1"))


def test_takedownredirectmiddleware_hands_a_redirect_to_a_listing_to_the_spider(tmp_path: Path) -> None:
    middleware = TakedownRedirectMiddleware.from_crawler(crawler_with_spider(tmp_path))
    request = Request(ARTICLE_URL, meta={ARTICLE_REQUEST: True})
    away = Response(ARTICLE_URL, status=301, headers={"Location": "/news/india"})
    assert middleware.process_response(request, away) is away
    assert request.meta["handle_httpstatus_list"] == [301]


def test_takedownredirectmiddleware_follows_a_redirect_to_the_same_article(tmp_path: Path) -> None:
    middleware = TakedownRedirectMiddleware.from_crawler(crawler_with_spider(tmp_path))
    request = Request(ARTICLE_URL, meta={ARTICLE_REQUEST: True})
    moved = Response(ARTICLE_URL, status=301, headers={"Location": "/news/india/new-slug-3050001"})
    middleware.process_response(request, moved)
    assert "handle_httpstatus_list" not in request.meta
    listing = Request(f"{ORIGIN}/news/india")  # not an article request: never looked at
    middleware.process_response(listing, Response(listing.url, status=301, headers={"Location": "/"}))
    assert "handle_httpstatus_list" not in listing.meta


def engine_with_slot(slot: Slot) -> Any:
    """The engine's downloader as the middleware sees it: per-host slot keys, and this host's slot (a real
    one; the downloader itself needs a running reactor)."""
    downloader = SimpleNamespace(
        slots={"www.abplive.com": slot}, get_slot_key=lambda r: urlsplit(r.url).hostname
    )
    return SimpleNamespace(downloader=downloader)


def test_retryaftermiddleware_holds_the_host_for_the_retry_after_and_releases_it(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, RETRY_AFTER_MAX=60.0)
    slot = Slot(concurrency=4, delay=0.5, jitter=0)
    crawler.engine = engine_with_slot(slot)
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request(ARTICLE_URL)
    key = crawler.engine.downloader.get_slot_key(request)
    busy = Response(ARTICLE_URL, status=503, headers={"Retry-After": "30"}, request=request)
    retry = middleware.process_response(request, busy)
    assert isinstance(retry, Request) and retry.url == ARTICLE_URL
    assert crawler.stats.get_value(keys.RETRY_AFTER_WAITS) == 1
    held_until = middleware.held[key][1]
    assert slot.lastseen == held_until
    assert slot.lastseen - 30 == pytest.approx(held_until - 30) and key in middleware.held
    ok = Response(ARTICLE_URL, status=200, request=request)
    middleware.process_response(request, ok)  # a response already on its way does not end the hold
    assert key in middleware.held
    middleware.held[key] = (0.5, 0.0)  # the hold has passed
    middleware.process_response(request, ok)
    assert key not in middleware.held and slot.delay == 0.5


def test_retryaftermiddleware_waits_for_nothing_past_its_cap(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, RETRY_AFTER_MAX=60.0)
    crawler.engine = engine_with_slot(Slot(concurrency=4, delay=0.5, jitter=0))
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request(ARTICLE_URL)
    busy = Response(ARTICLE_URL, status=429, headers={"Retry-After": "3600"}, request=request)
    assert isinstance(middleware.process_response(request, busy), Request)
    assert middleware.held == {} and crawler.stats.get_value(keys.RETRY_AFTER_WAITS) is None


# Spider middleware


def test_knownarticlesmiddleware_drops_a_known_article_and_holds_back_a_next_page(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    upsert_articles(db, [article_row(article())], [])
    db.close()
    crawler = crawler_with_spider(tmp_path, {"since": PINNED_SETTING["ABPLIVE_TODAY"]})
    middleware = KnownArticlesMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    known = Request(ARTICLE_URL, meta={CHECK_KNOWN: True})
    next_page = Request(f"{ORIGIN}/news/india/page-2", meta={NEEDS_NEW_ARTICLES: True})
    assert list(middleware.process_spider_output(None, [known, next_page])) == []
    assert crawler.stats.get_value(keys.SKIPPED + "known") == 1
    assert crawler.stats.get_value(keys.SKIPPED + "listing_page_after_no_new") == 1
    new = Request(f"{ORIGIN}/news/india/another-3050002", meta={CHECK_KNOWN: True})
    assert list(middleware.process_spider_output(None, [new, next_page])) == [new, next_page]
    middleware.spider_closed(crawler.spider)


def test_knownarticlesmiddleware_is_off_when_the_crawl_is_not_incremental(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        KnownArticlesMiddleware.from_crawler(crawler_with_spider(tmp_path, ABPLIVE_INCREMENTAL=False))


# Item pipelines


def test_cleanpipeline_strips_the_read_also_block_and_hashes_the_body(tmp_path: Path) -> None:
    pipeline = build_from_crawler(CleanPipeline, crawler_with_spider(tmp_path))
    body = parse_fragment("<div><p>खबर का पाठ।</p><p><strong>ये भी पढ़ें:</strong> <a href='/x'>और</a></p></div>")
    item = pipeline.process_item(article(body_node=body))
    assert item.body == "खबर का पाठ।"
    assert item.content_hash and item.word_count == 3


def test_validatepipeline_drops_an_article_without_a_title_and_counts_it(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path)
    pipeline = ValidatePipeline.from_crawler(crawler)
    clean = build_from_crawler(CleanPipeline, crawler)
    with pytest.raises(ArticleDropped, match="no_title"):
        pipeline.process_item(clean.process_item(article(title=None)))
    assert crawler.stats.get_value(keys.DROPPED + "no_title") == 1
    kept = clean.process_item(article())
    assert pipeline.process_item(kept) is kept


def test_sqlitestorepipeline_stores_on_close_and_counts_new_then_unchanged(tmp_path: Path) -> None:
    async def crawl(outcome: str) -> None:
        crawler = crawler_with_spider(tmp_path)
        store = SQLiteStorePipeline.from_crawler(crawler)
        item = build_from_crawler(CleanPipeline, crawler).process_item(article())
        assert await store.process_item(item) is item
        await store.close_spider()
        assert crawler.stats.get_value(keys.ARTICLES + outcome) == 1

    for outcome in ("new", "unchanged"):
        asyncio.run(crawl(outcome))
    db = open_database(tmp_path / "a.db")
    assert [row["url"] for row in db["articles"].rows] == [ARTICLE_URL]


# Extensions


def test_databaselock_refuses_a_second_crawl_of_the_same_database(tmp_path: Path) -> None:
    first = DatabaseLock.from_crawler(crawler_with_spider(tmp_path))
    with pytest.raises(StartupError, match="another crawl is writing"):
        DatabaseLock.from_crawler(crawler_with_spider(tmp_path))
    first.release()
    DatabaseLock.from_crawler(crawler_with_spider(tmp_path)).release()  # free again


def test_databaselock_is_off_when_cron_holds_the_lock(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        DatabaseLock.from_crawler(crawler_with_spider(tmp_path, ABPLIVE_DB_LOCK=False))


def test_crawlrunlog_writes_a_running_row_and_completes_it_from_the_stats(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, {"since": PINNED_SETTING["ABPLIVE_TODAY"]}, CRAWL_ID="run-1")
    extension = CrawlRunLog.from_crawler(crawler)
    extension.spider_opened(crawler.spider)
    crawls = open_database(tmp_path / "a.db")["crawls"]
    assert crawls.get("run-1")["finish_reason"] == "running"
    assert json.loads(crawls.get("run-1")["arguments"]) == {"since": PINNED_SETTING["ABPLIVE_TODAY"]}
    crawler.stats.set_value(keys.ARTICLES + "new", 3)
    extension.spider_closed(crawler.spider, "finished")
    row = crawls.get("run-1")
    assert (row["finish_reason"], row["articles_new"]) == ("finished", 3)


def test_crawlrunlog_records_a_cancelled_scrapyd_job(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, {"_job": "abc"}, CRAWL_ID="run-2")
    extension = CrawlRunLog.from_crawler(crawler)
    extension.spider_opened(crawler.spider)
    extension.spider_closed(crawler.spider, "shutdown")
    assert open_database(tmp_path / "a.db")["crawls"].get("run-2")["finish_reason"] == "cancelled"


def test_captureextension_writes_each_download_and_names_its_record(tmp_path: Path) -> None:
    crawler = crawler_with_spider(tmp_path, ABPLIVE_WARC_DIR=str(tmp_path / "warc"))
    extension = CaptureExtension.from_crawler(crawler)
    extension.spider_opened(crawler.spider)
    request = Request(ARTICLE_URL)
    response = html_response(ARTICLE_URL, body="<html><h1>शीर्षक</h1></html>", request=request)
    extension.response_downloaded(response, request, crawler.spider)
    extension.spider_closed(crawler.spider)
    assert not extension.writer.is_alive()
    assert request.meta[CAPTURE_ID].startswith("<urn:uuid:")
    assert crawler.stats.get_value(keys.CAPTURES_WRITTEN) == 1
    assert [path.suffixes for path in (tmp_path / "warc").iterdir()] == [[".warc", ".gz"]]


def test_captureextension_is_off_without_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        CaptureExtension.from_crawler(crawler_with_spider(tmp_path))


def test_spidermon_runs_the_health_monitors_and_reports_a_crawl_that_stored_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = crawler_with_spider(tmp_path)
    extension = Spidermon.from_crawler(crawler)
    crawler.stats.set_value("response_received_count", 40)
    crawler.stats.set_value(keys.ARTICLE_PAGES, 30)
    crawler.stats.set_value("finish_reason", "finished")
    extension.spider_opened(crawler.spider)
    with caplog.at_level(logging.INFO):
        extension.spider_closed(crawler.spider)
    failed = [record.getMessage() for record in caplog.records if "FAIL" in record.getMessage()]
    assert any("articles were stored" in line for line in failed), caplog.text


def test_crawlsummary_prints_the_summary_after_the_run_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawler = crawler_with_spider(tmp_path, CRAWL_ID="run-3")
    run_log, summary = CrawlRunLog.from_crawler(crawler), CrawlSummary.from_crawler(crawler)
    run_log.spider_opened(crawler.spider)
    crawler.stats.set_value("response_received_count", 5)
    crawler.stats.set_value(keys.for_site(keys.ARTICLES + "new", "abplive-hi"), 4)
    run_log.spider_closed(crawler.spider, "finished")
    summary.engine_stopped()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("abplive: ")
    assert lines[1].startswith("  abplive-hi  4 new, 0 updated, 0 unchanged, 0 removed")
    assert crawler.stats.get_value(keys.EXIT_STATUS) is None


def test_crawlsummary_sets_the_exit_status_when_no_site_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawler = crawler_with_spider(tmp_path, CRAWL_ID="run-4")
    run_log, summary = CrawlRunLog.from_crawler(crawler), CrawlSummary.from_crawler(crawler)
    run_log.spider_opened(crawler.spider)
    crawler.stats.set_value(keys.FIRST_FAILURE + "www.abplive.com", "dns")
    run_log.spider_closed(crawler.spider, "finished")
    summary.engine_stopped()
    assert capsys.readouterr().err.splitlines() == [
        "abplive: no site answered: DNS lookup failed for www.abplive.com — no network? "
        "`make demo` crawls the local copies"
    ]
    assert crawler.stats.get_value(keys.EXIT_STATUS) == RUN_FAILED


def test_crawlsummary_keeps_a_network_failure_to_one_line_and_its_traceback_at_debug(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    summary = CrawlSummary.from_crawler(crawler_with_spider(tmp_path))
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    try:
        raise CannotResolveHostError("DNS lookup failed: no results for hostname lookup: x.invalid")
    except CannotResolveHostError:
        with caplog.at_level(logging.DEBUG):
            robots.error("Error downloading %s", "robots.txt", exc_info=True)
    error, debug = (
        next(r for r in caplog.records if r.levelno == level) for level in (logging.ERROR, logging.DEBUG)
    )
    assert error.exc_info is None and debug.exc_info is not None
    summary.engine_stopped()
    assert summary.tracebacks not in robots.filters


def test_crawlprogress_moves_a_backfill_by_days_and_logs_a_line_at_the_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = crawler_with_spider(tmp_path, {"since": "2026-11-01", "until": "2026-11-10"})
    progress = CrawlProgress.from_crawler(crawler)
    progress.spider_opened(crawler.spider)
    assert (progress.progress.total, progress.progress.unit, progress.progress.bar) == (10, "day", None)
    crawler.stats.set_value(keys.SITEMAP_DAYS_READ, 4)
    crawler.stats.set_value(keys.ARTICLES + "new", 7)
    progress.tick()
    assert progress.progress.done == 4 and progress.progress.counts["stored"] == 7
    with caplog.at_level(logging.INFO):
        progress.spider_closed(crawler.spider)
    assert not progress.loop.running
    assert "backfill:  40%" in caplog.text and "4/10" in caplog.text and "stored=7" in caplog.text


# The log formatter


def test_logformatter_makes_a_dropped_item_one_line_with_its_reason(tmp_path: Path) -> None:
    formatter = LogFormatter.from_crawler(crawler_with_spider(tmp_path))
    entry = formatter.dropped(article(), ArticleDropped("no_title", ARTICLE_URL), None)
    assert entry["level"] == logging.INFO
    assert (entry["msg"] % entry["args"]).count("\n") == 0
    assert "शीर्षक" not in entry["msg"] % entry["args"]  # the item itself is not logged
