"""A capture as the crawl asks for it, and what the archive's answer holds: pure code over status, headers
and bytes (the downloader middleware ``crawler.components.archive`` calls it).

The Wayback Machine and pywb answer a raw capture (``id_``) with its original status and payload; Common
Crawl answers a range request with one gzip member holding the WARC record. Either way the page is kept only
when it is a whole HTML page captured with status 200; anything else is a reason, counted and logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.archives.index import IndexedCapture
from crawler.archives.sources import (
    COMMONCRAWL,
    Archive,
    capture_source,
    capture_time,
    data_url,
    range_header,
    replay_url,
)
from crawler.captures.reader import Captured, Headers, response_record


@dataclass(frozen=True)
class ArchivedCapture:
    """What a request for one capture carries: the archive, the site host it belongs to, the capture."""

    archive: Archive
    host: str
    capture: IndexedCapture

    @property
    def fetch_url(self) -> str:
        if self.archive.name == COMMONCRAWL:
            return data_url(self.archive, self.capture.filename or "")
        return replay_url(self.archive, self.capture.timestamp, self.capture.url)

    @property
    def headers(self) -> dict[str, str]:
        """Common Crawl's record by range request; a raw capture needs none."""
        if self.archive.name == COMMONCRAWL:
            return {"Range": range_header(self.capture.offset or 0, self.capture.length or 0)}
        return {}

    @property
    def source(self) -> str:
        return capture_source(self.archive, self.capture.timestamp)

    def row(self, url: str, outcome: str | None = None) -> dict[str, str]:
        """Its ``archive_captures`` row (``url``: the article's URL as stored)."""
        row = {
            "archive": self.archive.name, "url": url, "timestamp": self.capture.timestamp,
            "digest": self.capture.digest or "",
        }  # fmt: skip
        return row | {"outcome": outcome} if outcome else row


def judged(
    archived: ArchivedCapture, status: int, headers: Headers, body: bytes, record_id: str
) -> Captured | str:
    """The page the answer holds, as a replayed capture (its time the index's), or why there is none:
    ``truncated``, ``redirect``, ``status_<n>``, ``not_html``, ``empty``."""
    capture = archived.capture
    if archived.archive.name == COMMONCRAWL:
        if status not in (200, 206):
            return f"status_{status}"
        if capture.length and len(body) != capture.length:
            return "truncated"
        record = response_record(body)
        if record is None:
            return "truncated"
        status, headers, body = record
    if 300 <= status < 400:
        return "redirect"
    if status != 200:
        return f"status_{status}"
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    if not body.strip():
        return "empty"
    if "html" not in content_type.lower() and not (not content_type and body.lstrip()[:1] == b"<"):
        return "not_html"
    return Captured(
        url=capture.url, status=200, headers=_page_headers(headers), body=body,
        fetched_at=capture_time(capture.timestamp), record_id=record_id, warc_file=archived.source,
        offset=capture.offset or 0, length=capture.length or 0,
    )  # fmt: skip


# How the archive's bytes travelled, not what the page is.
_TRANSFER = {"content-encoding", "transfer-encoding", "content-length", "connection"}


def _page_headers(headers: Headers) -> Headers:
    """The page's own headers: a replay's ``X-Archive-Orig-*`` named as the site sent them, the archive's
    own (``Memento-Datetime``, ``Link``, its ``Date``) left out."""
    kept: Headers = []
    for name, value in headers:
        lower = name.lower()
        original = name[len("x-archive-orig-") :]
        if lower.startswith("x-archive-orig-") and original.lower() not in _TRANSFER:
            kept.append((original, value))
        elif lower in ("content-type", "content-language", "last-modified", "etag"):
            kept.append((name, value))
    return kept
