"""Live blogs: their entries read from schema.org ``LiveBlogPosting`` structured data, JSON-LD or microdata.

Pure code over a parsed page, no network, no Scrapy. ABP's own entry markup is not known here
(``../shared/abplive-markup.md``); publishers mark live blogs up for search engines with ``LiveBlogPosting``
(``coverageStartTime``, ``coverageEndTime``, ``liveBlogUpdate``: BlogPosting items with ``headline``,
``articleBody``, ``datePublished``, often a ``url`` with a ``#fragment`` id). The canary confirms the
structured data on the live site: a live blog that yields no entry is counted and alarmed (``no_entries``).
"""

from __future__ import annotations

import copy
import hashlib
import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from crawler.cleaning.rules import article_blocks, join_blocks
from crawler.extraction.jsonld import jsonld_objects, jsonld_strings
from crawler.extraction.selectors import compiled
from crawler.markup.dates import normalize_date
from crawler.markup.htmltree import drop_element, paragraphs_html, parse_fragment
from crawler.markup.text import normalize_text
from crawler.sites import Site

LIVE_BLOG_TYPE = "LiveBlogPosting"
# Closed blogs are retitled "… HIGHLIGHTS: …" (English and Hindi pages alike).
_CLOSED_TITLE = re.compile(r"\bhighlights\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MICRODATA_BLOG = compiled('[itemtype*="LiveBlogPosting"]')
_MICRODATA_UPDATE = compiled('[itemprop~="liveBlogUpdate"]')
# The HTML fallback: entries are elements with a heading and a time ("2026-12-03T11:42", "11:42 AM IST").
_HEADINGS = ("h2", "h3", "h4")
_TIME_OF_DAY = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?")
# A time of day shown before an entry's text ("11:42 AM IST:"), not part of it.
_TIME_PREFIX = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?\s*(?:IST)?\s*[:|–-]?\s*")
MIN_VISIBLE_ENTRIES = 2


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


def visible_entries(root: etree._Element, site: Site, day: str | None) -> LiveBlog | None:
    """The HTML fallback for a live blog without structured data: the longest run of sibling elements that
    each show a time and a heading, as live blogs lay out their entries (``<time datetime>``, else a time of
    day such as "11:42 AM IST" on ``day``, the page's date). None when no such run of two or more exists; the
    canary shows a page read so (``liveblog-html``) for a maintainer to confirm on the live site."""
    best: list[etree._Element] = []
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        run = [child for child in parent if isinstance(child.tag, str) and _looks_like_entry(child)]
        if len(run) > len(best):
            best = run
    if len(best) < MIN_VISIBLE_ENTRIES:
        return None
    entries = []
    for element in best:
        heading = next(node for node in element.iter(*_HEADINGS))
        published = _visible_time(element, site, day)
        body = copy.deepcopy(element)
        for tags in (_HEADINGS, ("time",)):
            first = next(body.iter(*tags), None)
            if first is not None:
                drop_element(first)
        markup = etree.tostring(body, encoding="unicode", method="html", with_tail=False)
        entry = _entry(element.get("id"), published, " ".join(heading.itertext()), markup, site)
        entries.append(
            LiveEntry(entry.entry_id, entry.published_at, entry.headline, _TIME_PREFIX.sub("", entry.body, 1))
        )
    return LiveBlog(entries=_distinct(entries), source="html")


def _looks_like_entry(element: etree._Element) -> bool:
    return any(True for _ in element.iter(*_HEADINGS)) and bool(_TIME_OF_DAY.search(_leading_text(element)))


def _leading_text(element: etree._Element) -> str:
    """A ``<time>``'s datetime, or the element's first 80 characters of text (where an entry shows its
    time)."""
    for node in element.iter("time"):
        if node.get("datetime"):
            return node.get("datetime")
    return " ".join(element.itertext())[:80]


def _visible_time(element: etree._Element, site: Site, day: str | None) -> str | None:
    for node in element.iter("time"):
        if node.get("datetime"):
            return node.get("datetime")
    match = _TIME_OF_DAY.search(_leading_text(element))
    if not (match and day):
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").upper()
    hour = hour % 12 + (12 if half == "PM" else 0) if half else hour
    return f"{day}T{hour:02d}:{minute:02d}:00" if hour < 24 and minute < 60 else None


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
