"""Scrapy extension: every download written as fetched to WARC files (``-s ABPLIVE_WARC_DIR=DIR``).

Scrapy's ``response_downloaded`` signal gives each response before any middleware touched it: the raw,
still content-encoded body, the status, every header, the protocol and the server's address. The exchange is
handed to one writer thread (the reactor never waits on the disk); the record's id is put in the request's
meta at once, so the article read from it names its capture. Written records are indexed in the archive's
``captures`` table in batches. A capture that cannot be written (disk full, folder gone) is logged and
counted, and the crawl goes on: the archive's rows are never held back by their captures.
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import stats as keys
from crawler.captures.writer import CaptureWriter, Exchange, Written, new_record_id
from crawler.storage.archive import StoreError, open_database
from crawler.storage.captures import write_captures

logger = logging.getLogger(__name__)

CAPTURE_ID = "abplive_capture_id"
# The payload of a response is stored as received; Scrapy's handler has already removed the chunking, so the
# header that announced it is kept under Common Crawl's name, as its files do.
_RENAMED = {"transfer-encoding": "X-Crawler-Transfer-Encoding"}
INDEX_BATCH = 500


class CaptureExtension:
    def __init__(self, crawler: Any, folder: Path) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = settings.get("SQLITE_PATH")
        self.timeout = settings.getfloat("SQLITE_TIMEOUT")
        info = {
            "software": f"{settings.get('BOT_NAME')} (Scrapy, warcio)",
            "format": "WARC File Format 1.1",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "hostname": "",
        }
        self.writer = CaptureWriter(folder, info, settings.getint("ABPLIVE_WARC_MAX_BYTES"))
        self.exchanges: queue.Queue[Exchange | None] = queue.Queue()
        self.written: list[Written] = []
        self.thread = threading.Thread(target=self._write_all, name="warc-writer", daemon=True)
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
        self.thread.start()

    def response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        record_id = new_record_id()
        request.meta[CAPTURE_ID] = record_id
        self.exchanges.put(exchange(request, response, record_id))

    def spider_closed(self, spider: Any) -> None:
        self.exchanges.put(None)
        self.thread.join()
        self.writer.close()

    def _write_all(self) -> None:
        stats = self.crawler.stats
        while (item := self.exchanges.get()) is not None:
            try:
                self.written.append(self.writer.write(item))
                stats.inc_value(keys.CAPTURES_WRITTEN)
            except OSError as exc:
                stats.inc_value(keys.CAPTURES_FAILED)
                logger.error("could not write the capture of %s to %s: %s", item.url, self.writer.folder, exc)
            if len(self.written) >= INDEX_BATCH:
                self._index()
        self._index()

    def _index(self) -> None:
        records, self.written = self.written, []
        try:
            db = open_database(self.db_path, self.timeout)
            try:
                write_captures(db, records)
            finally:
                db.close()
        except StoreError as exc:
            logger.error("could not index %d captures in %s: %s", len(records), self.db_path, exc)


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
