"""Run ``scrapy crawl abplive`` as a user would: a subprocess from the repo root."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.storage.article_texts import ARTICLES_WITH_TEXT
from tests.clock import PINNED

REPO = Path(__file__).resolve().parent.parent


# The local copies hold deliberately broken pages (an empty body, a page that needs JavaScript), which the
# alerts rightly report as an ERROR; they are judged by tests/test_alerts.py, which switches them on.
QUIET = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "SPIDERMON_ENABLED=False")


def crawl_command(*args: str) -> list[str]:
    """``scrapy crawl abplive`` with extra ``-a``/``-s`` arguments; AutoThrottle and alerts off for a local
    site, the crawl's today pinned to the suite's (a later ``-s`` of the same setting wins)."""
    return [sys.executable, "-m", "scrapy", "crawl", "abplive", *QUIET, *PINNED, *args]


def run_crawl(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(*args), cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


def stored_articles(db: Path) -> dict[str, dict[str, Any]]:
    """Every stored article by URL, ``tags`` decoded."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(row) for row in conn.execute(ARTICLES_WITH_TEXT)]
    for row in rows:
        row["tags"] = json.loads(row["tags"])
    return {row["url"]: row for row in rows}
