"""Whether an extracted, cleaned article is stored: the validate stage of a crawl and of a backfill alike."""

from __future__ import annotations

from datetime import datetime

from itemadapter import ItemAdapter

from crawler.options import Window
from crawler.sites.urls import LIVEBLOG


def drop_reason(article: ItemAdapter, window: Window) -> str | None:
    """Why the article must not be stored (``gone``, ``extraction_error``, ``no_title``, ``no_body``, a live
    blog's ``no_entries``, ``too_old``, ``too_new``). A live blog is dated by its latest entry: one started
    before the window that is still being written is in it."""
    if article.get("http_status") in (404, 410) or article.get("extraction") == "redirected_away":
        return "gone"
    if article.get("http_status") == 304:
        return None  # a revisit of an unchanged page: the store records when it was seen
    if article.get("extraction") == "error":
        return "extraction_error"
    if not article.get("title"):
        return "no_title"
    if article.get("kind") == LIVEBLOG:
        if not article.get("live_entries"):
            return "no_entries"  # its structured data gave none: counted, and "none" for the drift alarm
    elif not article.get("body"):
        return "no_body"
    published = article.get("published_at")
    if article.get("kind") == LIVEBLOG:
        published = (
            max([published or "", *(e["published_at"] or "" for e in article["live_entries"])]) or None
        )
    day = datetime.fromisoformat(published).date() if published else None
    if day and window.since and day < window.since:
        return "too_old"
    if day and window.until and day > window.until:
        return "too_new"
    return None
