"""The three kinds of web archive a history crawl reads, and where each keeps a capture's bytes: pure code.

- ``ia``: the Internet Archive's Wayback Machine; its CDX server, raw captures at ``<timestamp>id_/<url>``;
- ``cc``: Common Crawl's main crawls (CC-MAIN); one CDX index per crawl, knit together by cdx_toolkit; a
  capture's bytes are one gzip member of a WARC file, fetched by HTTP range request;
- a URL: any pywb-compatible collection (``http://host:port/coll``): its CDX API at ``URL/cdx``, raw
  captures at ``URL/<timestamp>id_/<url>``.

A capture's time is its index timestamp (14 digits, UTC), never a ``Date`` header: the archive's replay
answers with its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crawler.reading.timeline import COMMONCRAWL, WAYBACK, archive_source


@dataclass(frozen=True)
class Archive:
    """One archive as a crawl reads it. ``name``: ``wayback``, ``commoncrawl`` or the collection's URL."""

    name: str
    cdx_api: str  # the CDX endpoint; for Common Crawl its index server (where collinfo.json lists the crawls)
    replay: str | None = None  # raw captures at <replay>/<timestamp>id_/<url> (Wayback, pywb)
    data: str | None = None  # Common Crawl: the WARC files' prefix, read by range request

    @property
    def host(self) -> str:
        """The host the crawl fetches captures from (its politeness applies per host)."""
        return re.sub(r"^https?://([^/]+).*$", r"\1", self.data or self.replay or self.cdx_api)


def archive_for(value: str, endpoints: dict[str, str]) -> Archive:
    """``ia``, ``cc`` or a collection URL (checked by the options) as an Archive; ``endpoints`` are the
    public archives' addresses (settings ``ABPLIVE_WAYBACK_CDX``, ``…_REPLAY``, ``ABPLIVE_CC_INDEX``,
    ``…_DATA``)."""
    if value == "ia":
        return Archive(WAYBACK, endpoints["wayback_cdx"], replay=endpoints["wayback_replay"].rstrip("/"))
    if value == "cc":
        return Archive(COMMONCRAWL, endpoints["cc_index"], data=endpoints["cc_data"].rstrip("/"))
    collection = value.rstrip("/")
    return Archive(collection, f"{collection}/cdx", replay=collection)


def replay_url(archive: Archive, timestamp: str, url: str) -> str:
    """The raw capture (the original payload and status, no rewriting)."""
    return f"{archive.replay}/{timestamp}id_/{url}"


def range_header(offset: int, length: int) -> str:
    """The HTTP Range of one WARC record in a Common Crawl file (inclusive bounds)."""
    return f"bytes={offset}-{offset + length - 1}"


def data_url(archive: Archive, filename: str) -> str:
    return f"{archive.data}/{filename}"


def capture_source(archive: Archive, timestamp: str) -> str:
    """A row's ``source`` for content read from a capture: the archive and the capture's timestamp."""
    return archive_source(archive.name, timestamp)


def capture_time(timestamp: str) -> str:
    """A 14-digit index timestamp as the archive's ISO time (UTC)."""
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")


def day_slices(since: date, until: date) -> list[tuple[str, str]]:
    """The window as the index is asked for it, a day at a time: (from, to) as 14-digit timestamps. A day's
    captures are one answer (pywb answers a query whole, it does not page) and one step of the cursor."""
    days = [since + timedelta(n) for n in range((until - since).days + 1)]
    return [(day.strftime("%Y%m%d000000"), day.strftime("%Y%m%d235959")) for day in days]
