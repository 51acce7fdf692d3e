"""An archive's CDX index, read with cdx_toolkit: which captures of a host it holds in a slice of the window.

Blocking code (cdx_toolkit uses requests, and spaces its requests to a host itself: 6 s for the Wayback
Machine, 1 s for Common Crawl's index, 3 s for any other, retrying 429/5xx with backoff): the crawl calls it
in a thread, never on the reactor. What is asked: status 200, HTML (``filter``), and of the Wayback Machine
one capture per run of equal digests (``collapse=digest``); revisit records (no status) are left out.

The slices: Common Crawl's are its crawls (one index each) that overlap the window; any other archive's are
days. pywb answers a query whole (it ignores ``page``: cdx_toolkit's paged iterator would never end there),
so a pywb collection is asked one day at a time, each day in one answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import cdx_toolkit
import requests

from crawler.archives.sources import COMMONCRAWL, WAYBACK, Archive, day_slices

# The most captures one answer of a pywb collection may hold (a day of one host): cdx_toolkit's default
# limit (1,000) would cut a busy day short without a word.
DAY_LIMIT = 1_000_000
_FILTERS = ["status:200", "mime:text/html"]
_CRAWL = re.compile(r"CC-MAIN-\d{4}-\d{2,4}")


@dataclass(frozen=True)
class Slice:
    """A part of the window asked of the index at once; ``name`` is what the cursor keeps (a day, or a
    Common Crawl crawl)."""

    name: str
    first: str  # 14-digit timestamps
    last: str


@dataclass(frozen=True)
class IndexedCapture:
    """One capture as its index names it."""

    url: str  # as captured (its query string too)
    timestamp: str  # 14 digits, UTC
    digest: str | None
    filename: str | None = None  # Common Crawl: the WARC file, and the record's place in it
    offset: int | None = None
    length: int | None = None


class ArchiveIndex:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._fetcher: Any = None

    def check(self) -> None:
        """A collection URL must answer as a CDX server; a ``ValueError`` with one line says why not."""
        if self.archive.name in (WAYBACK, COMMONCRAWL):
            return
        try:
            answer = requests.get(
                self.archive.cdx_api,
                params={"url": "example.com", "limit": "1", "output": "json"},
                timeout=15,
            )
        except requests.RequestException as exc:
            raise ValueError(f"{self.archive.cdx_api} does not answer: {type(exc).__name__}") from None
        text = answer.text.lstrip()
        # An empty result is HTTP 200 with no line, or pywb's 404 with a JSON error.
        if answer.status_code not in (200, 404) or (text and text[0] not in "{["):
            raise ValueError(
                f"{self.archive.cdx_api} does not answer as a CDX server (HTTP {answer.status_code}, "
                f"{answer.headers.get('Content-Type', 'no content type')})"
            )

    def slices(self, since: date, until: date) -> list[Slice]:
        first, last = f"{since:%Y%m%d}000000", f"{until:%Y%m%d}235959"
        if self.archive.name != COMMONCRAWL:
            return [Slice(day[:8], day, end) for day, end in day_slices(since, until)]
        endpoints = self.fetcher.customize_index_list({"from_ts": first, "to": last})
        crawls = [match.group(0) for endpoint in endpoints if (match := _CRAWL.search(endpoint))]
        return [Slice(crawl, first, last) for crawl in crawls]

    def captures(self, host: str, part: Slice) -> list[IndexedCapture]:
        """The host's captures in the slice (status 200, HTML), in the index's order (by URL, then time)."""
        pattern = f"{host}/*"
        query: dict[str, Any] = {"from_ts": part.first, "to": part.last, "filter": list(_FILTERS)}
        if self.archive.name == COMMONCRAWL:
            found = self.fetcher.iter(pattern, crawl=[part.name], **query)
        elif self.archive.name == WAYBACK:
            found = self.fetcher.iter(pattern, collapse="digest", **query)
        else:
            try:
                found = self.fetcher.get(pattern, limit=DAY_LIMIT, **query)
            except ValueError as exc:
                # pywb answers a filtered query that matches nothing with an empty 200, which cdx_toolkit's
                # one-answer get cannot decode (its paged iterator takes it as the last page).
                if not str(exc).endswith("first bytes are ''"):
                    raise
                found = []
        return [capture for entry in found if (capture := _capture(entry)) is not None]

    @property
    def fetcher(self) -> Any:
        """cdx_toolkit's fetcher, made on first use (for Common Crawl that reads its list of crawls)."""
        if self._fetcher is None:
            if self.archive.name == COMMONCRAWL:
                self._fetcher = cdx_toolkit.CDXFetcher(
                    source="cc", cc_mirror=self.archive.cdx_api, cc_sort="ascending",
                    warc_download_prefix=self.archive.data,
                )  # fmt: skip
            elif self.archive.name == WAYBACK:
                self._fetcher = cdx_toolkit.CDXFetcher(source="ia")
                # The Wayback Machine's field names and filters, at the configured address.
                self._fetcher.index_list = (self.archive.cdx_api,)
            else:
                self._fetcher = cdx_toolkit.CDXFetcher(source=self.archive.cdx_api)
        return self._fetcher


def _capture(entry: Any) -> IndexedCapture | None:
    url, timestamp = entry.get("url"), str(entry.get("timestamp") or "")
    if not url or not re.fullmatch(r"\d{14}", timestamp) or str(entry.get("status")) != "200":
        return None
    return IndexedCapture(
        url=url, timestamp=timestamp, digest=entry.get("digest"), filename=entry.get("filename"),
        offset=_number(entry.get("offset")), length=_number(entry.get("length")),
    )  # fmt: skip


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
