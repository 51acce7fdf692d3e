"""Live blogs: their entries read from schema.org ``LiveBlogPosting`` structured data, JSON-LD or microdata.

Pure code over a parsed page, no network, no Scrapy. ABP's own entry markup is not known here
(``../shared/abplive-markup.md``); publishers mark live blogs up for search engines with ``LiveBlogPosting``
(``coverageStartTime``, ``coverageEndTime``, ``liveBlogUpdate``: BlogPosting items with ``headline``,
``articleBody``, ``datePublished``, often a ``url`` with a ``#fragment`` id). The canary confirms the
structured data on the live site: a live blog that yields no entry is counted and alarmed (``no_entries``).
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from crawler.cleaning.rules import article_blocks, join_blocks
from crawler.extraction.dates import normalize_date
from crawler.extraction.htmltree import paragraphs_html, parse_fragment
from crawler.extraction.jsonld import jsonld_objects, jsonld_strings
from crawler.extraction.selectors import compiled
from crawler.extraction.text import normalize_text
from crawler.sites import Site

LIVE_BLOG_TYPE = "LiveBlogPosting"
# Closed blogs are retitled "… HIGHLIGHTS: …" (English and Hindi pages alike).
_CLOSED_TITLE = re.compile(r"\bhighlights\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MICRODATA_BLOG = compiled('[itemtype*="LiveBlogPosting"]')
_MICRODATA_UPDATE = compiled('[itemprop~="liveBlogUpdate"]')


@dataclass(frozen=True)
class LiveEntry:
    entry_id: str
    published_at: str | None
    headline: str | None
    body: str


@dataclass
class LiveBlog:
    coverage_start: str | None = None
    coverage_end: str | None = None
    entries: list[LiveEntry] = field(default_factory=list)
    # Where the entries were read: "jsonld" or "microdata".
    source: str = ""


def is_closed_title(title: str | None) -> bool:
    return bool(title and _CLOSED_TITLE.search(title))


def live_blog(root: etree._Element, site: Site) -> LiveBlog | None:
    """The page's live blog (JSON-LD first, else microdata), or None when the page has none."""
    for obj in jsonld_objects(root):
        types = obj.get("@type")
        if LIVE_BLOG_TYPE in (types if isinstance(types, list) else [types]):
            return _from_jsonld(obj, site)
    blogs = _MICRODATA_BLOG(root)
    return _from_microdata(blogs[0], site) if blogs else None


def _from_jsonld(obj: dict[str, Any], site: Site) -> LiveBlog:
    updates = obj.get("liveBlogUpdate") or []
    entries = [
        _entry(
            update.get("@id") or _first_string(update.get("url")),
            _first_string(update.get("datePublished")),
            _first_string(update.get("headline")),
            " ".join(jsonld_strings(update.get("articleBody"))),
            site,
        )
        for update in (updates if isinstance(updates, list) else [updates])
        if isinstance(update, dict)
    ]
    return LiveBlog(
        normalize_date(_first_string(obj.get("coverageStartTime")), site.utc_offset),
        normalize_date(_first_string(obj.get("coverageEndTime")), site.utc_offset),
        _distinct(entries),
        "jsonld",
    )


def _from_microdata(blog: etree._Element, site: Site) -> LiveBlog:
    entries = []
    for update in _MICRODATA_UPDATE(blog):
        entries.append(
            _entry(
                update.get("itemid") or _prop(update, "url") or update.get("id"),
                _prop(update, "datePublished"),
                _prop(update, "headline"),
                _prop(update, "articleBody", as_text=True) or "",
                site,
            )
        )
    return LiveBlog(
        normalize_date(_prop(blog, "coverageStartTime"), site.utc_offset),
        normalize_date(_prop(blog, "coverageEndTime"), site.utc_offset),
        _distinct(entries),
        "microdata",
    )


def _prop(scope: etree._Element, name: str, as_text: bool = False) -> str | None:
    """The first microdata property ``name`` inside ``scope``: its content, datetime or href, or its text
    (``as_text``: its markup, for cleaning)."""
    for node in scope.iter():
        if node is scope or name not in (node.get("itemprop") or "").split():
            continue
        if not as_text:
            for attribute in ("content", "datetime", "href"):
                if node.get(attribute):
                    return node.get(attribute)
        return (
            etree.tostring(node, encoding="unicode", method="html", with_tail=False)
            if as_text
            else " ".join(node.itertext())
        )
    return None


def _entry(
    identifier: str | None, published: str | None, headline: str | None, body: str, site: Site
) -> LiveEntry:
    """One entry, its text clean: entities decoded, markup dropped, the article cleaning rules applied."""
    headline = normalize_text(_plain(headline)) if headline else None
    text = _clean(body, site, headline)
    published_at = normalize_date(published, site.utc_offset)
    return LiveEntry(
        _entry_id(identifier, published_at, headline, text), published_at, headline or None, text
    )


def _plain(text: str) -> str:
    """Text as a reader sees it: entities decoded (twice-escaped bodies are common), tags dropped."""
    for _ in range(2):
        text = htmllib.unescape(_TAG.sub(" ", text))
    return text


def _clean(body: str, site: Site, headline: str | None) -> str:
    if "<" in body:  # markup (microdata, or HTML inside a JSON-LD body): its paragraphs as the page has them
        node = parse_fragment(htmllib.unescape(body) if "&lt;" in body else body)
    else:
        node = parse_fragment(paragraphs_html(_plain(body)))
    return join_blocks(article_blocks(node, site, headline))


def _entry_id(identifier: str | None, published_at: str | None, headline: str | None, text: str) -> str:
    """The update's own id (a URL's fragment when it is one), else a hash of its time, headline and text."""
    if identifier:
        fragment = urlsplit(identifier).fragment if "#" in identifier else identifier
        if fragment.strip():
            return fragment.strip()
    digest = hashlib.sha1("\x1f".join((published_at or "", headline or "", text)).encode()).hexdigest()
    return f"h-{digest[:16]}"


def _first_string(value: Any) -> str | None:
    strings = jsonld_strings(value)
    return strings[0] if strings else None


def _distinct(entries: list[LiveEntry]) -> list[LiveEntry]:
    """Entries with text or a headline, each id once (the first, as the page lists them)."""
    seen: dict[str, LiveEntry] = {}
    for entry in entries:
        if (entry.body or entry.headline) and entry.entry_id not in seen:
            seen[entry.entry_id] = entry
    return list(seen.values())


def entries_as_rows(blog: LiveBlog) -> Iterator[dict[str, Any]]:
    """The entries as the item carries them."""
    for entry in blog.entries:
        yield {
            "entry_id": entry.entry_id,
            "published_at": entry.published_at,
            "headline": entry.headline,
            "body": entry.body,
        }
