"""RSS 2.0 feeds (``/home/feed``, ``/<section>/feed``): the article links they list, with their dates."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import lxml.etree


class FeedError(ValueError):
    """The body is not an RSS 2.0 feed."""


def feed_items(body: bytes) -> list[tuple[str, str | None]]:
    """(link, pubDate as ISO 8601 or None) of each ``<item>``; a ``FeedError`` for anything but RSS 2.0.

    Parsed as Scrapy parses sitemaps: no entity is expanded and nothing is fetched.
    """
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.LxmlError as exc:
        raise FeedError(f"not XML: {exc}") from None
    if root is None or root.tag != "rss" or root.find("channel") is None:
        raise FeedError("no <rss><channel>")
    items = []
    for item in root.iterfind("channel/item"):
        link = (item.findtext("link") or "").strip()
        if link:
            items.append((link, _iso((item.findtext("pubDate") or "").strip())))
    return items


def _iso(pub_date: str | None) -> str | None:
    """RFC 822 (``Tue, 01 Dec 2026 10:15:00 +0530``) as ISO 8601; None when missing or unreadable."""
    try:
        return parsedate_to_datetime(pub_date).isoformat() if pub_date else None
    except (TypeError, ValueError):
        return None
