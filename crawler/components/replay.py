"""Downloader middleware: a replay (``-a warc=``) answers its requests from WARC files, never the network.

The spider's replay start reads the files (``crawler.captures.reader``) and makes one request per article
response it wants, carrying the capture; this middleware turns that capture into the response, so the page
goes through the same extraction, cleaning, validation and store as a fetched one. Any other request
(robots.txt included) is refused: no request leaves the machine. Replayed captures are indexed in
``captures`` as the crawl's own are.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse

from crawler import stats as keys
from crawler.captures.reader import Captured
from crawler.storage.captures import write_captures
from crawler.storage.schema import StoreError, write_apart

logger = logging.getLogger(__name__)

REPLAYED = "abplive_replayed"
INDEX_BATCH = 1000


class ReplayMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.captures: list[dict[str, Any]] = []
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        return cls(crawler)

    def process_request(self, request: Any) -> HtmlResponse | None:
        spider = self.crawler.spider
        if not spider.options.warc:
            return None
        captured: Captured | None = request.meta.get(REPLAYED)
        if captured is None:
            self.crawler.stats.inc_value(keys.REPLAY_SKIPPED + "network_request")
            raise IgnoreRequest(f"a replay makes no network request: {request.url}")
        self.crawler.stats.inc_value(keys.REPLAY_RESPONSES)
        self.captures.append(
            {
                "record_id": captured.record_id, "url": captured.url, "warc_file": captured.warc_file,
                "offset": captured.offset, "length": captured.length, "fetched_at": captured.fetched_at,
                "status": captured.status, "record_type": "response", "payload_digest": None,
            }
        )  # fmt: skip
        if len(self.captures) >= INDEX_BATCH:
            self._index()
        return captured_response(captured, request)

    def spider_closed(self, spider: Any) -> None:
        self._index()

    def _index(self) -> None:
        """Index the replayed captures so far (a year of CC-NEWS is millions: not all kept until the end)."""
        if not self.captures:
            return
        records, self.captures = self.captures, []
        settings = self.crawler.settings
        try:
            path, timeout = settings.get("SQLITE_PATH"), settings.getfloat("SQLITE_TIMEOUT")
            write_apart(path, timeout, lambda db: write_captures(db, records))
        except StoreError as exc:
            logger.error("could not index %d replayed captures: %s", len(records), exc)


def captured_response(captured: Captured, request: Any = None) -> HtmlResponse:
    """The response a capture holds, as Scrapy would have received it (its headers, decoded payload)."""
    return HtmlResponse(
        captured.url,
        status=captured.status,
        headers=[(_wire(name), _wire(value)) for name, value in captured.headers],
        body=captured.body,
        request=request,
    )


def _wire(text: str) -> bytes:
    """A header as bytes again: Latin-1 as HTTP has it, UTF-8 for what a reader decoded as such."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")
