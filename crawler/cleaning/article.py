"""An extracted article made clean: its body container becomes the clean ``body``, with its word count and
content hash (the clean stage of a crawl and of a backfill alike)."""

from __future__ import annotations

from typing import TypeVar

from itemadapter import ItemAdapter

from crawler.cleaning.rules import clean_body, content_hash
from crawler.sites import SITES

Item = TypeVar("Item")


def clean_article(item: Item) -> Item:
    """``item`` with its clean ``body`` (unless extraction already had to clean it), ``word_count`` and
    ``content_hash``; ``body_node`` dropped."""
    adapter = ItemAdapter(item)
    body = adapter.get("body")
    if body is None:
        body = clean_body(adapter.get("body_node"), SITES[adapter["site"]], adapter.get("title"))
    adapter["body"] = body
    adapter["body_node"] = None
    adapter["word_count"] = len(body.split())
    adapter["content_hash"] = content_hash(adapter.get("title"), adapter.get("summary"), body)
    return item
