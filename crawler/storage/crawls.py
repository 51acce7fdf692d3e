"""The ``crawls`` table: one row per run, opened when it starts and completed from its stats when it ends."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler import stats as keys

CRAWL_COLUMNS: dict[str, type] = {
    "id": str,
    "started_at": str,
    "finished_at": str,
    "finish_reason": str,  # "running" until the run ends; stays so if the process was killed
    "arguments": str,  # JSON object of the -a arguments
    "pages_fetched": int,
    "articles_new": int,
    "articles_updated": int,
    "articles_unchanged": int,
    "articles_removed": int,  # stored articles that answered 404/410 or redirected away: kept, marked
    "articles_dropped": int,
    "dropped_by_reason": str,  # JSON object
    "skipped_known": int,
    # ERROR lines, less Scrapy's per-page "Gave up retrying": those pages are in fetch_failures and are
    # asked for again by the next run, so one flaky article does not fail a cron run.
    "errors": int,
    "fetch_failures": int,
    "extraction_counts": str,  # JSON: article pages per method (abp, uikit, jsonld, fallback, none)
    "drift_alarm": int,  # 1 when too few pages matched a known template, on any site
    "sites": str,  # JSON: the same counts per site key (see crawl_counts), drift judged per site
    "stats": str,  # JSON of every Scrapy stat, for what the columns do not show
}


def start_crawl(db: Database, crawl_id: str, started_at: str, arguments: dict[str, str]) -> None:
    with db.conn:
        db.table("crawls").upsert(
            {
                "id": crawl_id,
                "started_at": started_at,
                "finish_reason": "running",
                "arguments": json.dumps(arguments, ensure_ascii=False, sort_keys=True),
            },
            pk="id",
        )


def finish_crawl(db: Database, crawl_id: str, finished_at: str, reason: str, stats: dict[str, Any]) -> None:
    """Record how a run ended, from its Scrapy stats: the run's counts, and each site's."""
    sites = {site: crawl_counts(site_stats) for site, site_stats in sorted(keys.by_site(stats).items())}
    with db.conn:
        db.table("crawls").update(
            crawl_id,
            {
                "finished_at": finished_at,
                "finish_reason": reason,
                "pages_fetched": stats.get("response_received_count", 0),
                **{key: _json_if_dict(value) for key, value in crawl_counts(stats).items()},
                "skipped_known": stats.get(keys.SKIPPED + "known", 0),
                "errors": stats.get("log_count/ERROR", 0) - stats.get("retry/max_reached", 0),
                "sites": json.dumps(sites, ensure_ascii=False, sort_keys=True),
                "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
            },
        )


def crawl_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """What the ``crawls`` table records of a run, or of a site in it: articles, drops, failures, methods."""
    dropped = keys.family(stats, keys.DROPPED)
    return {
        "articles_new": stats.get(keys.ARTICLES + "new", 0),
        "articles_updated": stats.get(keys.ARTICLES + "updated", 0),
        "articles_unchanged": stats.get(keys.ARTICLES + "unchanged", 0),
        "articles_removed": stats.get(keys.ARTICLES + "removed", 0),
        "articles_dropped": sum(dropped.values()),
        "dropped_by_reason": dropped,
        "fetch_failures": sum(keys.family(stats, keys.FAILED).values()),
        "extraction_counts": keys.family(stats, keys.EXTRACTION),
        "drift_alarm": stats.get(keys.DRIFT_ALARM, 0),
    }


def _json_if_dict(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict) else value


def read_crawl(path: Path, crawl_id: str) -> dict[str, Any] | None:
    """A run's ``crawls`` row, read-only; None when the database or the row does not exist."""
    if not path.is_file():
        return None
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        try:
            row = conn.execute("select * from crawls where id = ?", [crawl_id]).fetchone()
        except sqlite3.Error:
            return None
    return dict(row) if row else None
