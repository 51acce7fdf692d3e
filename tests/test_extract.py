"""Extraction details the golden pages do not pin down on their own."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.extraction.article import byline_date, extract_article, jsonld_article, normalize_date
from crawler.sites import DEFAULT_SITE, SITES
from tests.golden import FIXTURES

IST = "+05:30"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-05-06T19:12:00+05:30", "2020-05-06T19:12:00+05:30"),
        ("2020-05-06T13:42:00Z", "2020-05-06T13:42:00+00:00"),
        ("2020-05-06T19:12:00", "2020-05-06T19:12:00+05:30"),
        ("2020-05-06", "2020-05-06T00:00:00+05:30"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date_keeps_the_offset(value: str | None, expected: str | None) -> None:
    assert normalize_date(value, IST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By : एबीपी न्यूज़ | Updated: 15 Jan 2021 12:42 PM (IST)", "2021-01-15T12:42:00+05:30"),
        ("Updated at : 06 May 2020 07:12 PM (IST)", "2020-05-06T19:12:00+05:30"),
        ("at : 6 September 2024 09:05 am", "2024-09-06T09:05:00+05:30"),
        ("By : एबीपी न्यूज़", None),
    ],
)
def test_byline_date(text: str, expected: str | None) -> None:
    assert byline_date([[text]], IST) == expected


def test_jsonld_list_of_objects_and_non_article_types() -> None:
    sel = Selector(
        text='<script type="application/ld+json">[{"@type": "Organization", "name": "ABP"},'
        '{"@type": ["NewsArticle"], "headline": "शीर्षक"}]</script>'
    )
    assert jsonld_article(sel.root)["headline"] == "शीर्षक"
    assert jsonld_article(Selector(text="<p>no json-ld</p>").root) == {}


def test_sitemap_lastmod_is_the_last_date_fallback() -> None:
    html = "<h1>शीर्षक</h1><div class='abp-story-detail'><p>पाठ.</p></div>"
    site = SITES[DEFAULT_SITE]
    article = extract_article(
        "https://www.abplive.com/news/a-1", html, site, sitemap_lastmod="2026-11-25T08:00:00"
    )
    assert article.published_at == "2026-11-25T08:00:00+05:30"
    assert extract_article("https://www.abplive.com/news/a-1", html, site).published_at is None


def test_expander_is_detected() -> None:
    html = "<h1>शीर्षक</h1><div class='abp-story-detail'><p>पाठ.</p><a id='read-full-article'>पूरा पढ़ें</a></div>"
    assert extract_article("https://www.abplive.com/news/a-1", html, SITES[DEFAULT_SITE]).has_expander


LISTING = (FIXTURES / "site" / "news" / "india.html").read_text(encoding="utf-8")
ERROR_PAGE = (
    "<html><head><title>Page not found | ABP Live</title></head><body><h1>Oops! 404</h1>"
    "<p>Sorry, the page you are looking for does not exist or has been moved.</p>"
    "<p><a href='/'>Go to the home page</a></p></body></html>"
)
REDESIGN = (FIXTURES / "golden" / "redesign-fallback" / "page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "html"),
    [
        ("https://www.abplive.com/news/india/some-story-1398777", LISTING),  # a listing at an article URL
        ("https://www.abplive.com/news/india/some-story-1398777", ERROR_PAGE),  # an error page dressed as 200
        ("https://www.abplive.com/news/india", REDESIGN),  # article-like text, but not an article URL
    ],
)
def test_pages_without_article_signals_get_no_fallback_body(url: str, html: str) -> None:
    article = extract_article(url, html, SITES[DEFAULT_SITE])
    assert article.extraction is None
    assert article.body_html is None


def test_a_plausible_template_body_is_kept_over_the_fallback() -> None:
    html = (FIXTURES / "golden" / "abp-jsonld" / "page.html").read_text(encoding="utf-8")
    url = "https://www.abplive.com/sports/cricket/virat-kohli-century-india-beat-australia-1398555"
    assert extract_article(url, html, SITES[DEFAULT_SITE]).extraction == "abp"
