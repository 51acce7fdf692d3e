"""JSON-LD on a page: its objects, the article among them, and strings out of its values."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from crawler.cleaning.rules import html_blocks
from crawler.extraction.selectors import compiled
from crawler.markup.htmltree import parse_fragment

NEWS_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "LiveBlogPosting",
}  # fmt: skip


def jsonld_article(root: etree._Element) -> dict[str, Any]:
    """The page's first JSON-LD object of a news/article type (``@graph`` and lists included), or ``{}``."""
    for obj in jsonld_objects(root):
        types = obj.get("@type")
        if set(types if isinstance(types, list) else [types]) & NEWS_TYPES:
            return obj
    return {}


# Markup in an articleBody, as it is or escaped once more: some publishers put the body's HTML there, where
# schema.org has text.
_MARKUP = re.compile(
    r"(?:<|&lt;)/?(?:p|div|br|h[1-6]|span|a|ul|ol|li|em|strong|img|iframe|figure|blockquote)\b", re.I
)


def article_body_text(article: dict[str, Any]) -> str:
    """The text of an article object's ``articleBody``, one paragraph a line ('' when it has none); markup
    in it is read as HTML, not kept as text."""
    text = " ".join(jsonld_strings(article.get("articleBody"))).strip()
    markup = _MARKUP.search(text)
    if markup is None:
        return text
    if markup.group().startswith("&"):
        text = html.unescape(text)
    lines = text.replace("\r\n", "\n").replace("\n", "<br>")  # the text's own line breaks kept
    return "\n".join(block.text for block in html_blocks(parse_fragment(lines)))


def jsonld_objects(root: etree._Element) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks, in document order; a block that is not JSON is skipped."""
    for raw in compiled('script[type="application/ld+json"]::text')(root):
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            continue
        yield from _walk_jsonld(data)


def _walk_jsonld(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document, in document order (``@graph`` included), without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            stack.append(item.get("@graph", []))


def jsonld_strings(value: Any) -> list[str]:
    """Strings out of a JSON-LD value: plain, a list, or objects carrying ``name`` / ``url``."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for entry in value for s in jsonld_strings(entry)]
    if isinstance(value, dict):
        return jsonld_strings(value.get("name") or value.get("url"))
    return []
