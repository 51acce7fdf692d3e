"""Downloader middleware: a history crawl (``-a archive=``) fetches its archive's captures and nothing else.

Each capture request carries its ``ArchivedCapture``; the archive's answer (after retries: 429 and 503 are
retried by ``RetryAfterMiddleware``, which waits out ``Retry-After``) is judged by
``crawler.archives.responses``. A page becomes the response the spider extracts, at the article's own URL,
as a replayed capture would (``REPLAYED``: its capture time and source go with it). A capture that is no page
(not HTML, a redirect, truncated, another status) is counted and logged, its ``archive_captures`` row written
so no later run asks again, and the crawl goes on. An archive that still refuses after waiting, request after
request (``ABPLIVE_ARCHIVE_MAX_REFUSALS`` in a row), ends the run with one line: what is not read yet is read
by the next run. Any other request (robots.txt, an article on its live site) is refused: no request reaches
the live sites.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler import stats as keys
from crawler.archives.responses import ArchivedCapture, judged
from crawler.components.capture import CAPTURE_ID
from crawler.components.replay import REPLAYED, captured_response
from crawler.sites.urls import without_query
from crawler.storage.archive_captures import record_captures
from crawler.storage.schema import StoreError, write_apart

logger = logging.getLogger(__name__)

ARCHIVED = "abplive_archived"
_REFUSALS = (429, 503)
_RECORD_BATCH = 200


class ArchiveMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_refusals = crawler.settings.getint("ABPLIVE_ARCHIVE_MAX_REFUSALS")
        self.refusals = 0
        self.closing: asyncio.Future[None] | None = None
        self.judged: list[dict[str, str]] = []  # captures that gave no page, to record
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveMiddleware:
        return cls(crawler)

    def process_request(self, request: Any) -> None:
        if not self.crawler.spider.options.archive or ARCHIVED in request.meta:
            return
        self.crawler.stats.inc_value(keys.ARCHIVE + "refused_network_request")
        raise IgnoreRequest(f"a history crawl fetches from its archive only: {request.url}")

    def process_response(self, request: Any, response: Response) -> Response:
        archived: ArchivedCapture | None = request.meta.get(ARCHIVED)
        if archived is None:
            return response
        if response.status in _REFUSALS:
            self._refused(archived, response.status)
            raise IgnoreRequest(f"{archived.archive.host} refused {request.url} (HTTP {response.status})")
        self.refusals = 0
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        page = judged(archived, response.status, headers, response.body, request.meta.get(CAPTURE_ID) or "")
        stats, prefix = self.crawler.stats, f"{keys.ARCHIVE}{archived.host}/"
        if isinstance(page, str):
            stats.inc_value(prefix + "dropped/" + page)
            logger.warning(
                "capture %s of %s not stored (%s)", archived.capture.timestamp, archived.capture.url, page
            )
            self._record(archived.row(without_query(archived.capture.url), page))
            raise IgnoreRequest(f"capture not stored ({page}): {request.url}")
        stats.inc_value(prefix + "fetched")
        request.meta[REPLAYED] = page
        return captured_response(page, request)

    def _refused(self, archived: ArchivedCapture, status: int) -> None:
        self.refusals += 1
        self.crawler.stats.inc_value(f"{keys.ARCHIVE}{archived.host}/refused")
        if self.refusals < self.max_refusals or self.crawler.stats.get_value(keys.ARCHIVE_REFUSED):
            return
        self.crawler.stats.set_value(keys.ARCHIVE_REFUSED, f"http_{status}")
        logger.error(
            "%s refused %d requests in a row (HTTP %d) after waiting as it asked; the run stops: run it "
            "again later, it goes on where it stopped",
            archived.archive.host, self.refusals, status,
        )  # fmt: skip
        self.closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="archive_refused"))

    def _record(self, row: dict[str, str]) -> None:
        self.judged.append(row)
        if len(self.judged) >= _RECORD_BATCH:
            self._write()

    def spider_closed(self, spider: Any) -> None:
        self._write()

    def _write(self) -> None:
        rows, self.judged = self.judged, []
        if not rows:
            return
        settings = self.crawler.settings
        try:
            path, timeout = settings.get("SQLITE_PATH"), settings.getfloat("SQLITE_TIMEOUT")
            write_apart(path, timeout, lambda db: record_captures(db, rows))
        except StoreError as exc:
            logger.error("could not record %d captures that gave no page: %s", len(rows), exc)
