"""Items as the archive's rows, and a batch of them stored: the store stage of a crawl and of a backfill
alike (``upsert_articles`` does the writing)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from sqlite_utils import Database

from crawler.sites.urls import LIVEBLOG
from crawler.storage.articles import BatchCounts, upsert_articles
from crawler.storage.schema import ARTICLE_COLUMNS


def article_row(item: object) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    fields = set(adapter.field_names())
    row = {name: adapter.get(name) for name in ARTICLE_COLUMNS if name in fields}
    row["published_date"] = (row["published_at"] or "")[:10] or None
    if adapter.get("kind") == LIVEBLOG:
        row["live_entries"] = adapter.get("live_entries") or []
    return row


def dropped_row(item: object, reason: str) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    return {
        "url": adapter["url"],
        "reason": reason,
        "published_at": adapter.get("published_at"),
        "crawled_at": adapter.get("crawled_at"),
    }


Row = dict[str, Any]


def in_capture_order(rows: list[Row]) -> list[list[Row]]:
    """Batches in which each article appears once. A fetched page seen twice in a batch (the same article via
    two routes) collapses to the last copy; replayed captures of one article each count, in capture time
    order, so its history gets every one."""
    live = {row["url"]: row for row in rows if row.get("source", "live") == "live"}
    replayed = sorted((row for row in rows if row.get("source", "live") != "live"), key=_captured_at)
    batches: list[list[Row]] = [list(live.values())]
    seen: dict[str, int] = {url: 0 for url in live}
    for row in replayed:
        index = seen[row["url"]] + 1 if row["url"] in seen else 0
        seen[row["url"]] = index
        while len(batches) <= index:
            batches.append([])
        batches[index].append(row)
    return batches


def _captured_at(row: Row) -> str:
    return row.get("crawled_at") or ""


def store_batch(
    db: Database,
    rows: list[Row],
    drops: list[Row],
    touches: list[Row] | tuple[()] = (),
) -> BatchCounts:
    """One batch, or for a replay one per capture of the same article, in capture time order."""
    batches = in_capture_order(rows)
    counts = upsert_articles(db, batches[0], drops, touches)
    for batch in batches[1:]:
        counts.merge(upsert_articles(db, batch, []))
    return counts
