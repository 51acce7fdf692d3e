"""Scrapy extension: every download written as fetched to WARC files (``-s ABPLIVE_WARC_DIR=DIR``).

Scrapy's ``response_downloaded`` signal gives each response before any middleware touched it: the raw,
still content-encoded body, the status, every header, the protocol and the server's address. The exchange is
handed to a writer process of its own (``crawler.captures.spool``: the reactor never waits on the disk, and
the record building runs on another core); the record's id is put in the request's meta at once, so the
article read from it names its capture. Written records are indexed in the archive's ``captures`` table in
batches. A capture that cannot be written (disk full, folder gone) is logged and
counted, and the crawl goes on: the archive's rows are never held back by their captures.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import stats as keys
from crawler.captures.spool import write_all
from crawler.captures.writer import Exchange, new_record_id

logger = logging.getLogger(__name__)

CAPTURE_ID = "abplive_capture_id"
# The payload of a response is stored as received; Scrapy's handler has already removed the chunking, so the
# header that announced it is kept under Common Crawl's name, as its files do.
_RENAMED = {"transfer-encoding": "X-Crawler-Transfer-Encoding"}
# Seconds the close waits for the writer to drain its queue (a slow disk), after which what it has not
# written is reported as lost captures, never as lost articles.
CLOSE_TIMEOUT = 600


class CaptureExtension:
    def __init__(self, crawler: Any, folder: Path) -> None:
        settings = crawler.settings
        self.crawler = crawler
        info = {
            "software": f"{settings.get('BOT_NAME')} (Scrapy, warcio)",
            "format": "WARC File Format 1.1",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }
        # spawn, not fork: a fork of a running reactor and its threads is not safe.
        context = multiprocessing.get_context("spawn")
        self.exchanges: Any = context.Queue()
        self.results: Any = context.Queue()
        self.writer = context.Process(
            target=write_all,
            args=(self.exchanges, self.results, folder, info, settings.getint("ABPLIVE_WARC_MAX_BYTES"),
                  settings.get("SQLITE_PATH"), settings.getfloat("SQLITE_TIMEOUT")),
            name="warc-writer",
            daemon=True,
        )  # fmt: skip
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CaptureExtension:
        folder = crawler.settings.get("ABPLIVE_WARC_DIR")
        if not folder:
            raise NotConfigured
        return cls(crawler, Path(folder))

    def spider_opened(self, spider: Any) -> None:
        self.writer.start()

    def response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        record_id = new_record_id()
        request.meta[CAPTURE_ID] = record_id
        self.exchanges.put(exchange(request, response, record_id))

    def spider_closed(self, spider: Any) -> None:
        """Wait for the writer to finish the queue and close its file; its counts become the crawl's."""
        self.exchanges.put(None)
        try:
            report = self.results.get(timeout=CLOSE_TIMEOUT)
        except queue.Empty:
            report = {"written": 0, "failed": 0, "errors": ["the capture writer did not finish"]}
        self.writer.join(timeout=10)
        stats = self.crawler.stats
        stats.inc_value(keys.CAPTURES_WRITTEN, report["written"])
        stats.inc_value(keys.CAPTURES_FAILED, report["failed"])
        for message in report["errors"]:
            logger.error("%s", message)


def exchange(request: Any, response: Any, record_id: str) -> Exchange:
    """The exchange as it went over the wire, from Scrapy's request and its raw response."""
    host = urlsplit(request.url).netloc
    request_headers = [("Host", host)] if b"Host" not in request.headers else []
    request_headers += _decoded(request.headers)
    headers = [(_RENAMED.get(name.lower(), name), value) for name, value in _decoded(response.headers)]
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return Exchange(
        url=request.url, method=request.method, request_headers=request_headers,
        request_body=request.body or b"", protocol=response.protocol or "HTTP/1.1", status=response.status,
        reason=reason, headers=headers, body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        fetched_at=datetime.now(UTC), record_id=record_id,
    )  # fmt: skip


def _decoded(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
