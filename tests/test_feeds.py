"""RSS 2.0 feeds read as a discovery path: links and dates, and a clear error for anything else."""

from __future__ import annotations

import pytest

from crawler.extraction.feeds import FeedError, feed_items

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>ABP Majha</title>
<item><title>\xe0\xa4\xac\xe0\xa4\xbe\xe0\xa4\xa4\xe0\xa4\xae\xe0\xa5\x80</title>
  <link> https://marathi.abplive.com/news/pune/story-1299835 </link>
  <pubDate>Tue, 01 Dec 2026 10:15:00 +0530</pubDate><media:thumbnail url="https://x/y.jpg"/></item>
<item><title>no date</title><link>https://marathi.abplive.com/news/a-2</link><pubDate>soon</pubDate></item>
<item><title>no link</title></item>
</channel></rss>"""


def test_items_are_links_with_iso_dates() -> None:
    assert feed_items(FEED) == [
        ("https://marathi.abplive.com/news/pune/story-1299835", "2026-12-01T10:15:00+05:30"),
        ("https://marathi.abplive.com/news/a-2", None),  # an unreadable date is a missing one
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>not a feed</body></html>",
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        b"",
        b"\x1f\x8b\x08garbage",
    ],
)
def test_anything_but_rss_is_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        feed_items(body)


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><item><link>https://x/&b;</link></item></channel></rss>"""
    assert all("aaaaa" not in link for link, _ in feed_items(bomb))
