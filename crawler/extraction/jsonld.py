"""JSON-LD on a page: its objects, the article among them, and strings out of its values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml import etree

from crawler.extraction.selectors import compiled

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


def article_body_text(article: dict[str, Any]) -> str:
    """The text of an article object's ``articleBody`` ('' when it has none)."""
    return " ".join(jsonld_strings(article.get("articleBody"))).strip()


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
