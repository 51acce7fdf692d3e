"""The spider's routing without a network: what a sitemap's entries become, and what a response gives."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery.articles import ARTICLE_PRIORITY
from crawler.discovery.sitemaps import SITEMAP_SLICE
from crawler.sites import SITES
from pipelines.clean import CleanPipeline
from pipelines.validate import ArticleDropped, ValidatePipeline
from spiders.abplive import AbpliveSpider
from tests import sitegen
from tests.clock import PINNED_SETTING

ORIGIN = "https://www.abplive.com"
LASTMOD = "2026-11-25T10:00:00+05:30"
PARAGRAPH = "यह एक लंबा पैरा है जिसमें खबर का पूरा पाठ है. " * 6
DATELESS_PAGE = (
    "<html><head><title>खबर</title></head><body><h1 class='abp-article-title'>सिंथेटिक खबर</h1>"
    f"<div class='abp-story-detail'><p>{PARAGRAPH}</p></div></body></html>"
)


def spider_for(tmp_path: Path) -> AbpliveSpider:
    crawler = get_crawler(AbpliveSpider, {"SQLITE_PATH": str(tmp_path / "a.db"), **PINNED_SETTING})
    crawler.spider = AbpliveSpider.from_crawler(crawler, since="2026-11-20")
    return crawler.spider


def sitemap_requests(spider: AbpliveSpider) -> list[Request]:
    url = f"{ORIGIN}/news-25-11-2026.xml"
    body = sitegen.daily_sitemap(ORIGIN, range(1, 4), LASTMOD).encode()
    return list(spider.parse_sitemap(XmlResponse(url, body=body, request=Request(url))))


def test_sitemap_articles_carry_their_lastmod_and_outrank_discovery(tmp_path: Path) -> None:
    spider = spider_for(tmp_path)
    requests = sitemap_requests(spider)
    assert [r.url for r in requests] == [ORIGIN + sitegen.article_path(n) for n in range(1, 4)]
    assert all(r.meta["sitemap_lastmod"] == LASTMOD for r in requests)
    assert all(r.priority == ARTICLE_PRIORITY > 0 for r in requests)


def test_the_lastmod_dates_an_undated_page_even_after_a_redirect(tmp_path: Path) -> None:
    """The lastmod travels in the request's meta: it survives redirects and JOBDIR queues alike."""
    spider = spider_for(tmp_path)
    request = sitemap_requests(spider)[0]
    redirected = HtmlResponse(
        request.url + "-updated-99", body=DATELESS_PAGE.encode(), encoding="utf-8", request=request
    )
    (article,) = spider.parse_article(redirected)
    assert article.title == "सिंथेटिक खबर"
    assert article.published_at == LASTMOD


def test_a_page_whose_extraction_raises_is_a_recorded_drop(tmp_path: Path, monkeypatch) -> None:
    """Whatever a page does to the extractor, the crawl goes on and the page is recorded as dropped, so the
    next run does not fetch it again (and fail again)."""

    def raising(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("crawler.components.pages.extract_article", raising)
    spider = spider_for(tmp_path)
    request = sitemap_requests(spider)[0]
    response = HtmlResponse(request.url, body=DATELESS_PAGE.encode(), encoding="utf-8", request=request)
    (article,) = spider.parse_article(response)
    assert article.url == request.url and article.extraction == "error"
    with pytest.raises(ArticleDropped) as dropped:
        ValidatePipeline.from_crawler(spider.crawler).process_item(CleanPipeline().process_item(article))
    assert dropped.value.reason == "extraction_error"


def test_a_large_sitemap_becomes_requests_one_slice_at_a_time(tmp_path: Path) -> None:
    spider = spider_for(tmp_path)
    count = 2 * SITEMAP_SLICE + 500
    url = f"{ORIGIN}/news-25-11-2026.xml"
    body = sitegen.daily_sitemap(ORIGIN, range(1, count + 1), LASTMOD).encode()
    output = list(spider.parse_sitemap(XmlResponse(url, body=body, request=Request(url))))
    articles: list[str] = []
    while True:
        *requests, last = output
        if last.url != "data:,":
            articles += [r.url for r in output]
            break
        assert len(requests) == SITEMAP_SLICE and last.priority < ARTICLE_PRIORITY  # behind its articles
        articles += [r.url for r in requests]
        output = list(last.callback(HtmlResponse("data:,", body=b"", request=last), **last.cb_kwargs))
    assert articles == [ORIGIN + sitegen.article_path(n) for n in range(1, count + 1)]


def test_a_run_of_all_sites_discovers_each_at_its_own_host(tmp_path: Path) -> None:
    crawler = get_crawler(AbpliveSpider, {"SQLITE_PATH": str(tmp_path / "a.db"), **PINNED_SETTING})
    spider = AbpliveSpider.from_crawler(crawler, site="all", sections="news")
    urls = [
        request.url for target in spider.options.targets for request in spider._discovery_requests(target)
    ]
    for site in SITES.values():
        for path in ("/robots.txt", "/", "/home/feed", "/news", "/news/feed"):
            assert site.base_url + path in urls, site.base_url + path
    assert sorted(spider.allowed_domains) == sorted(site.host for site in SITES.values())
    # Scrapy's downloader keys its slots (concurrency, delay, AutoThrottle) by host: one per site.
    assert len({urlsplit(url).hostname for url in urls}) == len(SITES)
