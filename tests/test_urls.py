"""URL classification and the one stored form of an article URL."""

from __future__ import annotations

import pytest

from crawler.sites import DEFAULT_SITE, SITES
from crawler.sites.urls import canonical_url, classify_url, section_from_path, without_query

SITE = SITES[DEFAULT_SITE]
BASE = "https://www.abplive.com"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/news/india/sonia-gandhi-message-2270444", "article"),
        ("/sports/cricket/virat-kohli-century-1398555", "article"),
        ("/news/india-news-2270444", "article"),
        ("/news/india/sonia-gandhi-message-2270444/amp", "amp"),
        ("/videos/news/latest-bulletin-1398000", "video"),
        ("/uncut/master-stroke/election-promises-fact-check-2850417", "video"),  # a Hindi video show
        ("/uncut/master-stroke", "other"),  # the show's page of episodes
        ("/uncut/master-stroke/election-promises-fact-check-2850417/amp", "amp"),
        ("/photo-gallery/news/parliament-photos-1398650", "gallery"),
        ("/photos/news/parliament-photos-1398650", "gallery"),
        ("/web-stories/bollywood/top-looks-1398900", "webstory"),
        ("/news/india/parliament-session-live-updates-1398800", "liveblog"),
        ("/news/india/election-results-live-blog-1398801", "liveblog"),
        ("/news/india/budget-2026-live-coverage-1398802", "liveblog"),
        (
            "/news/breaking-news-live-update-april-25-2025-1682528",
            "liveblog",
        ),  # the singular, as en writes it
        ("/photo-gallery/news", "other"),  # a section's gallery listing
        ("/videos/news/page-3", "listing"),
        ("/live-tv", "other"),  # the TV stream
        ("/news/india/page-2", "listing"),
        ("/news/india", "other"),
        ("/", "other"),
        ("/topic/congress", "other"),
        ("/a/b/c/slug-123", "other"),
    ],
)
def test_classify_url(path: str, kind: str) -> None:
    assert classify_url(BASE + path, SITE) == kind


def test_without_query_drops_tracking_parameters_and_fragment() -> None:
    assert without_query(f"{BASE}/news/a-1?utm_source=x&utm_medium=y#comments") == f"{BASE}/news/a-1"


def test_canonical_url_is_used_only_for_the_same_article_on_the_crawl_host() -> None:
    fetched = f"{BASE}/news/india/old-slug-1398123?utm_source=x"
    same = f"{BASE}/news/india/new-slug-1398123"
    assert canonical_url(fetched, same) == (same, False)  # the same article under its current slug
    assert canonical_url(fetched, "/news/india/new-slug-1398123") == (same, False)
    as_fetched = f"{BASE}/news/india/old-slug-1398123"
    assert canonical_url(fetched, None) == (as_fetched, False)
    assert canonical_url(fetched, as_fetched) == (as_fetched, False)
    # Another article, another host or another port: never the row the page is stored under.
    for other in (
        f"{BASE}/news/india/someone-elses-story-1398124",
        "https://other.example/news/india/old-slug-1398123",
        "https://www.abplive.com:8443/news/india/old-slug-1398123",
        f"{BASE}/news/india",
    ):
        assert canonical_url(fetched, other) == (as_fetched, True), other


def test_section_from_path() -> None:
    assert section_from_path(f"{BASE}/news/india/a-1") == "news/india"
    assert section_from_path(f"{BASE}/a-1") is None


def test_daily_sitemap_date() -> None:
    assert str(SITE.daily_sitemap_date(f"{BASE}/news-05-11-2026.xml")) == "2026-11-05"
    assert SITE.daily_sitemap_date(f"{BASE}/news-31-02-2026.xml") is None
    assert SITE.daily_sitemap_date(f"{BASE}/news-sitemap.xml") is None
