"""The one item the crawler produces. Every field is declared here: ItemAdapter rejects unknown keys."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    url: str
    site: str
    language: str
    title: str | None = None
    summary: str | None = None
    # Raw HTML of the body container, as extracted; the clean pipeline turns it into ``body`` and clears it.
    body_html: str | None = None
    body: str | None = None
    author: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    word_count: int = 0
    # Which template (or source) yielded the body: "abp", "uikit", "jsonld"; None when nothing did.
    extraction: str | None = None
    # The page has a "read full article" expander: its body may be incomplete without JavaScript.
    has_expander: bool = False
    content_hash: str | None = None
    # 404 / 410 pages become items too, so the drop is recorded and later runs do not ask again.
    http_status: int = 200
    crawled_at: str | None = None
