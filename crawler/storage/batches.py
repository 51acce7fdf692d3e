"""Items as the archive's rows, and a batch of them stored: the store stage of a crawl and of a backfill
alike (``upsert_articles`` does the writing)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from sqlite_utils import Database

from crawler.sites.urls import LIVEBLOG
from crawler.storage.archive_captures import record_captures
from crawler.storage.articles import BatchCounts, upsert_articles
from crawler.storage.schema import ARTICLE_COLUMNS


def article_row(item: object) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    fields = set(adapter.field_names())
    row = {name: adapter.get(name) for name in ARTICLE_COLUMNS if name in fields}
    row["published_date"] = (row["published_at"] or "")[:10] or None
    if adapter.get("kind") == LIVEBLOG:
        row["live_entries"] = adapter.get("live_entries") or []
    if adapter.get("archive_capture"):
        row[ARCHIVE_CAPTURE] = adapter["archive_capture"] | {"outcome": "stored"}
    return row


def dropped_row(item: object, reason: str) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    row = {
        "url": adapter["url"],
        "reason": reason,
        "published_at": adapter.get("published_at"),
        "crawled_at": adapter.get("crawled_at"),
    }
    if adapter.get("archive_capture"):
        row[ARCHIVE_CAPTURE] = adapter["archive_capture"] | {"outcome": f"dropped_{reason}"}
    return row


Row = dict[str, Any]
# A row's web-archive capture (``-a archive=``), recorded once its article is stored.
ARCHIVE_CAPTURE = "archive_capture"


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
    """One batch, or for a replay one per capture of the same article, in capture time order; then the
    web-archive captures they came from."""
    captures = [row[ARCHIVE_CAPTURE] for row in (*rows, *drops) if ARCHIVE_CAPTURE in row]
    if captures:  # the caller's rows stay whole: a batch that fails is written again later
        rows, drops = _without_captures(rows), _without_captures(drops)
    # A page dropped twice (two routes to it, or two captures) is one drop.
    drops = list({row["url"]: row for row in drops}.values())
    batches = in_capture_order(rows)
    counts = upsert_articles(db, batches[0], drops, touches)
    for batch in batches[1:]:
        counts.merge(upsert_articles(db, batch, []))
    with db.conn:
        record_captures(db, captures)
    return counts


def _without_captures(rows: list[Row]) -> list[Row]:
    return [{key: value for key, value in row.items() if key != ARCHIVE_CAPTURE} for row in rows]
