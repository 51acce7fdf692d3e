"""Extraction of ABP Live article pages: pure functions over ``(url, html)``, no network, no Scrapy.

Every selector comes from the site profile (``crawler.sites``); this module only knows how to walk a chain.
The body is returned as the raw HTML of its container: cleaning is the clean pipeline's job.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawler.cleaning import prose_chars
from crawler.items import Article
from crawler.pages.fallback import GenericExtraction, extract_generic
from crawler.sites import Site
from crawler.text import normalize_text
from crawler.urls import ARTICLE, canonical_url, classify_url, section_from_path

_NEWS_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle"}
_BYLINE_DATE = re.compile(
    r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}),?\s+(\d{1,2}:\d{2})\s*([AaPp]\.?[Mm]\.?)"
)
_AUTHOR_PREFIX = re.compile(r"^(?:by|द्वारा)\s*:?\s*", re.IGNORECASE)


def parse_article(url: str, html: str, site: Site, *, sitemap_lastmod: str | None = None) -> Article:
    """Extract every field of an article page; fields the page does not have stay ``None`` / empty.

    The body comes from the first known template container; when none has a plausible body, from the
    generic extractor (``extraction="fallback"``), if what it finds looks like an article.
    """
    sel = Selector(text=html)
    ld = jsonld_article(sel)
    template = site.template
    title = _first(sel, template.title, ld)
    extraction, body_html = _body(sel, site, ld)
    generic = None
    if prose_chars(body_html, site, title) < site.min_body_chars:
        generic = _article_like_generic(url, html, site, title)
        if generic:
            extraction, body_html = "fallback", generic.body_html
    published = _first_date(sel, template.published, ld, site.utc_offset) or byline_date(
        _values(sel, template.byline_date, ld), site.utc_offset
    )
    if not published and generic:
        published = normalize_date(generic.date, site.utc_offset)
    return Article(
        url=canonical_url(url, sel.css(template.canonical).get()),
        site=site.key,
        language=site.language,
        title=title or (generic and generic.title),
        summary=_first(sel, template.summary, ld),
        body_html=body_html,
        author=_author(_first(sel, template.author, ld) or (generic and generic.author)),
        published_at=published or normalize_date(sitemap_lastmod, site.utc_offset),
        modified_at=_first_date(sel, template.modified, ld, site.utc_offset),
        section=_first(sel, template.section, ld) or section_from_path(url),
        tags=_tags(sel, template.tags, ld),
        image_url=_image(url, sel, template.image, ld),
        extraction=extraction,
        has_expander=bool(sel.css(template.expanders)),
    )


def _article_like_generic(url: str, html: str, site: Site, title: str | None) -> GenericExtraction | None:
    """The generic extraction, only if the page has an article's signals (not a listing or an error page)."""
    if classify_url(url, site) != ARTICLE:
        return None
    generic = extract_generic(url, html)
    if generic is None or not (title or generic.title):
        return None
    if prose_chars(generic.body_html, site, title or generic.title) < site.min_fallback_chars:
        return None
    return generic


def field_sources(url: str, html: str, site: Site) -> dict[str, str]:
    """Which chain entry gave each field ("missing" if none): what a maintainer checks after a redesign."""
    sel = Selector(text=html)
    ld = jsonld_article(sel)
    template = site.template
    chains = {
        "title": template.title,
        "summary": template.summary,
        "author": template.author,
        "published": template.published + template.byline_date,
        "modified": template.modified,
        "section": template.section,
        "tags": template.tags,
        "image": template.image,
    }
    sources = {
        field: next((entry for entry, _ in _sourced_values(sel, chain, ld)), "missing")
        for field, chain in chains.items()
    }
    article = parse_article(url, html, site)
    # Fields no chain entry gave but the article has: from the generic extractor, or the URL path.
    last_resorts = {
        "title": (article.title, "fallback"),
        "author": (article.author, "fallback"),
        "published": (article.published_at, "fallback"),
        "section": (article.section, "url path"),
    }
    for field, (value, source) in last_resorts.items():
        if sources[field] == "missing" and value:
            sources[field] = source
    if article.extraction in (None, "fallback", "jsonld"):
        sources["body"] = article.extraction or "missing"
    else:
        sources["body"] = next(
            f"{name}: {css}" for name, css in template.body if sel.css(css) and name == article.extraction
        )
    return sources


def jsonld_article(sel: Selector) -> dict[str, Any]:
    """The page's first JSON-LD object of a news/article type (``@graph`` and lists included), or ``{}``."""
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in _walk_jsonld(data):
            types = obj.get("@type")
            if set(types if isinstance(types, list) else [types]) & _NEWS_TYPES:
                return obj
    return {}


def _walk_jsonld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _walk_jsonld(entry)
    elif isinstance(data, dict):
        yield data
        yield from _walk_jsonld(data.get("@graph", []))


def _jsonld_strings(value: Any) -> list[str]:
    """Strings out of a JSON-LD value: plain, a list, or objects carrying ``name`` / ``url``."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for entry in value for s in _jsonld_strings(entry)]
    if isinstance(value, dict):
        return _jsonld_strings(value.get("name") or value.get("url"))
    return []


def _values(sel: Selector, chain: Iterable[str], ld: dict[str, Any]) -> Iterator[list[str]]:
    """For each chain entry in order, the non-empty normalised strings it yields."""
    return (values for _, values in _sourced_values(sel, chain, ld))


def _sourced_values(
    sel: Selector, chain: Iterable[str], ld: dict[str, Any]
) -> Iterator[tuple[str, list[str]]]:
    """(entry, its non-empty normalised strings) for each chain entry that yields any, in order."""
    for entry in chain:
        if entry.startswith("jsonld:"):
            raw = _jsonld_strings(ld.get(entry.removeprefix("jsonld:")))
        elif "::attr(" in entry:
            raw = sel.css(entry).getall()
        else:
            nodes = sel.xpath(entry) if entry.startswith(("/", "(")) else sel.css(entry)
            raw = [" ".join(node.xpath(".//text()").getall()) for node in nodes]
        values = [v for v in (normalize_text(r) for r in raw) if v]
        if values:
            yield entry, values


def _first(sel: Selector, chain: Iterable[str], ld: dict[str, Any]) -> str | None:
    return next((values[0] for values in _values(sel, chain, ld)), None)


def _first_date(sel: Selector, chain: Iterable[str], ld: dict[str, Any], offset: str) -> str | None:
    for values in _values(sel, chain, ld):
        for value in values:
            if date := normalize_date(value, offset):
                return date
    return None


def normalize_date(value: str | None, utc_offset: str) -> str | None:
    """ISO 8601 keeping the value's own offset; a naive value gets the site's. ``None`` if unparsable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = datetime.fromisoformat(f"{parsed.isoformat()}{utc_offset}")
    return parsed.isoformat()


def byline_date(texts: Iterable[list[str]], utc_offset: str) -> str | None:
    """The first date of a byline such as ``Updated: 06 May 2020 07:12 PM (IST)``, on the site's clock."""
    for values in texts:
        for text in values:
            match = _BYLINE_DATE.search(text)
            if not match:
                continue
            day, month, year, clock, meridiem = match.groups()
            stamp = f"{day} {month[:3].title()} {year} {clock} {meridiem.replace('.', '').upper()}"
            try:
                parsed = datetime.strptime(stamp, "%d %b %Y %I:%M %p")
            except ValueError:
                continue
            return normalize_date(parsed.isoformat(), utc_offset)
    return None


def _author(value: str | None) -> str | None:
    if not value:
        return None
    return _AUTHOR_PREFIX.sub("", value.split("|")[0]).strip() or None


def _tags(sel: Selector, chain: Iterable[str], ld: dict[str, Any]) -> list[str]:
    for values in _values(sel, chain, ld):
        tags = [normalize_text(t) for v in values for t in v.split(",")]
        unique = list(dict.fromkeys(t for t in tags if t))
        if unique:
            return unique
    return []


def _image(url: str, sel: Selector, chain: Iterable[str], ld: dict[str, Any]) -> str | None:
    for values in _values(sel, chain, ld):
        for value in values:
            if not value.startswith("data:"):  # lazy-load placeholders
                return urljoin(url, value)
    return None


def _body(sel: Selector, site: Site, ld: dict[str, Any]) -> tuple[str | None, str | None]:
    """(template, container HTML) of the first body container with text, else JSON-LD ``articleBody``."""
    for name, css in site.template.body:
        for node in sel.css(css):
            if normalize_text(" ".join(node.xpath(".//text()").getall())):
                return name, node.get()
    article_body = " ".join(_jsonld_strings(ld.get("articleBody")))
    if article_body.strip():
        paragraphs = (p for p in article_body.splitlines() if p.strip())
        return "jsonld", "".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)
    return None, None
