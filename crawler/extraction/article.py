"""Extraction of ABP Live article pages: pure functions over ``(url, html)``, no network, no Scrapy.

Every selector comes from the site profile (``crawler.sites``); this module only knows how to walk a chain.
The body is returned as the raw HTML of its container: cleaning is the clean pipeline's job.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.cleaning.rules import Block, article_blocks, join_blocks, prose_chars, shape_rule_labels
from crawler.extraction.fallback import FallbackBody, fallback_body
from crawler.extraction.jsonld import article_body_text, jsonld_article, jsonld_strings
from crawler.extraction.liveblog import entries_as_rows, live_blog, visible_entries
from crawler.extraction.media import gallery_captions, video_description
from crawler.extraction.selectors import AttributeText, compiled, possible_part
from crawler.items import Article
from crawler.markup.dates import normalize_date
from crawler.markup.htmltree import as_utf8, paragraphs_html, parse_document, parse_fragment
from crawler.markup.text import normalize_text
from crawler.sites import Site
from crawler.sites.urls import (
    ARTICLE,
    GALLERY,
    LIVEBLOG,
    VIDEO,
    canonical_url,
    classify_url,
    section_from_path,
)

_TEXT_LENGTH = etree.XPath("string-length(normalize-space())")
# An element's text as a reader sees it: a script or style inside a headline is code, not words.
_VISIBLE_TEXT = etree.XPath("descendant-or-self::text()[not(ancestor::script or ancestor::style)]")


def extract_article(
    url: str, html: str | bytes, site: Site, *, sitemap_lastmod: str | None = None
) -> Article:
    """Extract every field of an article page; fields the page does not have stay ``None`` / empty.

    The body comes from the first known template container (else the page's JSON-LD ``articleBody``); when
    that is no plausible body, from the generic extractor (``extraction="fallback"``), if what it finds looks
    like an article, unless it holds clearly less than the JSON-LD ``articleBody`` does.
    """
    page = _page(html)
    template = site.template
    title = _first(page, template.title)
    published = _first_date(page, template.published, site.utc_offset) or byline_date(
        _values(page, template.byline_date), site
    )
    # Every field but the body is read first: choosing a short body cleans it, in place, in the page's tree.
    stored_url, canonical_ignored = canonical_url(url, next(iter(_select(page, template.canonical)), None))
    article = Article(
        url=stored_url,
        canonical_ignored=canonical_ignored,
        site=site.key,
        language=site.language,
        title=title,
        summary=_first(page, template.summary),
        author=_author(_first(page, template.author), site),
        published_at=published,
        modified_at=_first_date(page, template.modified, site.utc_offset),
        section=_first(page, template.section) or section_from_path(url),
        tags=_tags(page, template.tags),
        image_url=_image(url, page, template.image),
        has_expander=bool(_select(page, template.expanders)),
    )
    article.extraction, article.body_node, body_chars = _body(page, site)
    # Whether a short body is the article or the generic extractor must be asked is told by its clean prose:
    # such a body is cleaned here, once, and handed on clean. A long one is left to the clean pipeline.
    if body_chars < 10 * site.min_body_chars:
        _choose_short_body(article, url, html, page, site)
    article.published_at = article.published_at or normalize_date(sitemap_lastmod, site.utc_offset)
    _kind_specific(article, url, page, site)
    return article


def _kind_specific(article: Article, url: str, page: _Page, site: Site) -> None:
    """What a live blog, a gallery or a video page adds: entries, captions, a description. A page whose
    structured data is a ``LiveBlogPosting`` is a live blog whatever its URL says (closed ones lose
    "live")."""
    kind = classify_url(url, site)
    # A live blog by its URL, or by its structured data on any page that is not a gallery or a video.
    marked = kind == LIVEBLOG or (kind not in (GALLERY, VIDEO) and b"LiveBlogPosting" in page.raw)
    blog = live_blog(page.root, site) if marked else None
    if blog is None and kind == LIVEBLOG:  # no structured data: the entries the page shows
        blog = visible_entries(page.root, site, (article.published_at or "")[:10] or None)
    if blog is not None or kind == LIVEBLOG:
        article.kind = LIVEBLOG
        article.live_entries = list(entries_as_rows(blog)) if blog else []
        if blog:
            article.coverage_start, article.coverage_end = blog.coverage_start, blog.coverage_end
        # Counted for drift like a body's template: structured data found, or nothing ("none").
        article.extraction = f"liveblog-{blog.source}" if article.live_entries and blog else None
        if not article.body and article.body_node is None and article.summary:
            article.body = article.summary  # the intro: the standfirst when the page has no other
    elif kind == GALLERY:
        article.kind = GALLERY
        source, captions = gallery_captions(page.root)
        if captions:
            article.extraction, article.body_node = f"gallery-{source}", None
            article.body = "\n\n".join(captions)
        elif not article.body and article.body_node is None and article.summary:
            article.extraction, article.body = "gallery-description", article.summary
    elif kind == VIDEO:
        article.kind = VIDEO
        source, description, uploaded = video_description(page.root)
        article.published_at = article.published_at or normalize_date(uploaded, site.utc_offset)
        if description:
            article.extraction, article.body, article.body_node = f"video-{source}", description, None
        elif not article.body and article.body_node is None and article.summary:
            article.extraction, article.body = "video-description", article.summary


def read_also_by_shape(html: str | bytes, site: Site) -> list[str]:
    """The read-also labels of a page's template body that only the shape rule recognises."""
    node = _body(_page(html), site)[1]
    return shape_rule_labels(node, site) if node is not None else []


def _choose_short_body(article: Article, url: str, html: str | bytes, page: _Page, site: Site) -> None:
    """Clean the short body found; when it holds too little prose, take the fallback's body (the generic
    extraction, with the title, author and date it found where the page had none, or the JSON-LD
    ``articleBody``)."""
    node, title = article.body_node, article.title
    blocks = article_blocks(node, site, title) if node is not None else []
    if prose_chars(blocks) < site.min_body_chars:
        article_body = article_body_text(page.ld)
        fallback = _article_like_fallback(url, html, site, title, article_body)
        if fallback is not None and fallback[0].source == "fallback":
            body, blocks = fallback
            article.extraction = "fallback"
            article.title = title or body.title
            article.author = article.author or _author(body.author, site)
            article.published_at = article.published_at or normalize_date(body.date, site.utc_offset)
        elif article_body:
            article.extraction = "jsonld"
            blocks = article_blocks(parse_fragment(paragraphs_html(article_body)), site, title)
    article.body, article.body_node = join_blocks(blocks), None


def _article_like_fallback(
    url: str, html: str | bytes, site: Site, title: str | None, article_body: str
) -> tuple[FallbackBody, list[Block]] | None:
    """The fallback's body and its clean blocks, only if the page has an article's signals (not a listing
    or an error page)."""
    if classify_url(url, site) != ARTICLE:
        return None
    body = fallback_body(url, html, article_body)
    if body is None or not (title or body.title):
        return None
    generic = body.source == "fallback"
    blocks = article_blocks(parse_fragment(body.html), site, title or body.title, generic=generic)
    if prose_chars(blocks) < site.min_fallback_chars:
        return None
    return body, blocks


def field_sources(url: str, html: str | bytes, site: Site) -> dict[str, str]:
    """Which chain entry gave each field ("missing" if none): what a maintainer checks after a redesign."""
    page = _page(html)
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
        field: next((entry for entry, _ in _sourced_values(page, chain)), "missing")
        for field, chain in chains.items()
    }
    article = extract_article(url, html, site)
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
    if article.extraction in {name for name, _ in template.body}:
        sources["body"] = next(
            f"{name}: {css}"
            for name, css in template.body
            if _select(page, css) and name == article.extraction
        )
    else:  # the generic extractor, JSON-LD, a live blog's entries, a gallery's captions …, or nothing
        sources["body"] = article.extraction or "missing"
    return sources


@dataclass(frozen=True)
class _Page:
    root: etree._Element
    raw: bytes  # the page's UTF-8 bytes: a substring test on them is several times cheaper than on text
    ld: dict[str, Any]

    @functools.cached_property
    def attributes(self) -> AttributeText:
        return AttributeText(self.root)


def _page(html: str | bytes) -> _Page:
    raw = as_utf8(html)
    root = parse_document(raw)
    return _Page(root, raw, jsonld_article(root) if b"ld+json" in raw else {})


def _select(page: _Page, entry: str) -> list[Any]:
    """What a chain entry matches; a union's alternatives that cannot match are not even walked."""
    part = possible_part(entry, page.attributes)
    return compiled(part)(page.root) if part else []


def _values(page: _Page, chain: Iterable[str]) -> Iterator[list[str]]:
    """For each chain entry in order, the non-empty normalised strings it yields."""
    return (values for _, values in _sourced_values(page, chain))


def _sourced_values(page: _Page, chain: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(entry, its non-empty normalised strings) for each chain entry that yields any, in order."""
    for entry in chain:
        if entry.startswith("jsonld:"):
            raw = jsonld_strings(page.ld.get(entry.removeprefix("jsonld:")))
        else:
            # Attributes come back as strings, elements as their whole text.
            raw = [r if isinstance(r, str) else " ".join(_VISIBLE_TEXT(r)) for r in _select(page, entry)]
        values = [v for v in (normalize_text(r) for r in raw) if v]
        if values:
            yield entry, values


def _first(page: _Page, chain: Iterable[str]) -> str | None:
    return next((values[0] for values in _values(page, chain)), None)


def _first_date(page: _Page, chain: Iterable[str], offset: str) -> str | None:
    for values in _values(page, chain):
        for value in values:
            if date := normalize_date(value, offset):
                return date
    return None


def byline_date(texts: Iterable[list[str]], site: Site) -> str | None:
    """The first date of a byline such as ``Updated: 06 May 2020 07:12 PM (IST)``, on the site's clock."""
    pattern = _compiled(site.template.byline_date_pattern)
    for values in texts:
        for text in values:
            match = pattern.search(text)
            if not match:
                continue
            day, month, year, clock, meridiem = match.groups()
            stamp = f"{day} {month[:3].title()} {year} {clock} {meridiem.replace('.', '').upper()}"
            try:
                parsed = datetime.strptime(stamp, "%d %b %Y %I:%M %p")
            except ValueError:
                continue
            return normalize_date(parsed.isoformat(), site.utc_offset)
    return None


def _author(value: str | None, site: Site) -> str | None:
    if not value:
        return None
    prefix = _compiled(r"^(?:" + "|".join(map(re.escape, site.author_prefixes)) + r")\s*:?\s*")
    return prefix.sub("", value.split("|")[0]).strip() or None


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _tags(page: _Page, chain: Iterable[str]) -> list[str]:
    for values in _values(page, chain):
        tags = [normalize_text(t) for v in values for t in v.split(",")]
        unique = list(dict.fromkeys(t for t in tags if t))
        if unique:
            return unique
    return []


def _image(url: str, page: _Page, chain: Iterable[str]) -> str | None:
    for values in _values(page, chain):
        for value in values:
            image = urljoin(url, value)
            # Only a web address: not a lazy-load placeholder (data:), never javascript: or the like.
            if urlsplit(image).scheme in ("http", "https"):
                return image
    return None


def _body(page: _Page, site: Site) -> tuple[str | None, etree._Element | None, int]:
    """(template, container, length of its text) of the first body container with text, else JSON-LD
    ``articleBody``."""
    for name, css in site.template.body:
        for node in _select(page, css):
            # Enough to tell an empty container and to size it; libxml2 counts it without a Python string.
            chars = int(_TEXT_LENGTH(node))
            if chars:
                return name, node, chars
    article_body = article_body_text(page.ld)
    if article_body:
        return "jsonld", parse_fragment(paragraphs_html(article_body)), len(article_body)
    return None, None, 0
