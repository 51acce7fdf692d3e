"""The one item the crawler produces. Every field is declared here: ItemAdapter rejects unknown keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.markup.htmltree import parse_fragment


@dataclass
class Article:
    url: str
    site: str
    language: str
    # "article", "liveblog", "gallery" or "video" (crawler.sites.urls.CONTENT_KINDS).
    kind: str = "article"
    title: str | None = None
    summary: str | None = None
    # The body container as parsed with the page: the clean pipeline turns it into ``body`` and clears it.
    # Extraction fills ``body`` itself when it had to clean a (short) body to choose it: never cleaned twice.
    body_node: Any = None
    body: str | None = None
    author: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    word_count: int = 0
    # Which template (or source) yielded the body: "abp", "uikit", "jsonld", "fallback"; None when nothing
    # did; "error" when extracting the page raised (it is recorded as a drop, not stored).
    extraction: str | None = None
    # The page has a "read full article" expander: its body may be incomplete without JavaScript.
    has_expander: bool = False
    content_hash: str | None = None
    # The response's validators, for a later conditional revisit.
    etag: str | None = None
    last_modified: str | None = None
    # The page's canonical link named another page (another article, host or port): stored under the fetched
    # URL instead, never over that page's row.
    canonical_ignored: bool = False
    # 404 / 410 pages become items too, so the drop (or a stored article's removal) is recorded and later runs
    # do not ask again; a revisit answered 304 Not Modified is an item that only says when it was seen.
    http_status: int = 200
    # When the page was fetched (the crawl clock's now; a replayed capture's own fetch time).
    crawled_at: str | None = None
    # The WARC record the page was read from (crawler.captures), and where: "live", or the replayed WARC file.
    capture_id: str | None = None
    source: str = "live"
    # A web archive's capture the page was read from (-a archive=): archive, url, timestamp, digest.
    archive_capture: dict[str, str] | None = None
    # A live blog's entries as the page shows them (entry_id, published_at, headline, body), and its coverage
    # as its structured data states it.
    live_entries: list[dict[str, Any]] = field(default_factory=list)
    coverage_start: str | None = None
    coverage_end: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        # A render retry carries the plain result in its request, pickled by JOBDIR queues: the node as HTML.
        state = dict(self.__dict__)
        if state["body_node"] is not None:
            state["body_node"] = etree.tostring(state["body_node"], encoding="unicode", method="html")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("body_node"), str):
            state["body_node"] = parse_fragment(state["body_node"])
        self.__dict__.update(state)
