"""Cron-safe re-runs: a second run fetches no article, a changed one is refetched, refresh refetches all."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.sites import DEFAULT_SITE, SITES
from crawler.sites.urls import ARTICLE, classify_url
from tests.crawlrun import run_crawl, stored_articles
from tests.localsite import LocalSite
from tests.test_end_to_end import STORED_CASES

SONIA = "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
SITEMAP = "/news-25-11-2026.xml"


def article_requests(site: LocalSite, start: int = 0) -> list[str]:
    """Article pages requested since request number ``start`` (sitemaps, listings, robots.txt excluded)."""
    return [p for p in site.requests[start:] if classify_url(site.origin + p, SITES[DEFAULT_SITE]) == ARTICLE]


def crawl(site: LocalSite, db: Path, *extra: str):
    start = len(site.requests)
    result = run_crawl(
        "-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "since=2026-11-20",
        "-s", f"SQLITE_PATH={db}", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result, article_requests(site, start)


def last_crawl(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(
            conn.execute("select * from crawls order by started_at desc, rowid desc limit 1").fetchone()
        )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("incremental") / "abplive.db"
    with LocalSite() as site:
        origin = site.origin
        _, first = crawl(site, db)
        first_rows = stored_articles(db)
        _, second = crawl(site, db)
        second_crawl = last_crawl(db)

        # The site updates one article and bumps its lastmod.
        page = site.response_for(SONIA)[1].decode()
        site.serve(SONIA, page.replace("पत्र की कॉपी", "संशोधित: पत्र की कॉपी"))
        bumped = (datetime.now(UTC) + timedelta(minutes=5)).isoformat(timespec="seconds")
        sitemap = site.response_for(SITEMAP)[1].decode()
        site.serve(SITEMAP, sitemap.replace("2026-11-25T12:40:00+05:30", bumped, 1), "application/xml")
        _, third = crawl(site, db)
        third_crawl = last_crawl(db)
        third_rows = stored_articles(db)

        _, refreshed = crawl(site, db, "-a", "refresh=1")
        yield SimpleNamespace(
            origin=origin,
            first=first,
            first_rows=first_rows,
            second=second,
            second_crawl=second_crawl,
            third=third,
            third_crawl=third_crawl,
            third_rows=third_rows,
            refreshed=refreshed,
        )


def test_first_run_fetches_every_article(runs) -> None:
    assert len(runs.first_rows) == len(STORED_CASES)
    assert (
        len(runs.first) == len(set(runs.first)) == 6
    )  # 3 stored, 1 without body, 1 too old, 1 deleted (404)


def test_second_run_fetches_no_article_page(runs) -> None:
    assert runs.second == []
    assert runs.second_crawl["finish_reason"] == "finished"
    assert runs.second_crawl["skipped_known"] >= 6  # an article found by two routes is counted twice
    assert runs.second_crawl["articles_new"] == runs.second_crawl["articles_updated"] == 0


def test_a_changed_article_with_a_newer_lastmod_is_refetched_and_updated(runs) -> None:
    assert runs.third == [SONIA]
    assert runs.third_crawl["articles_updated"] == 1
    assert runs.third_crawl["articles_new"] == runs.third_crawl["articles_unchanged"] == 0
    before, after = runs.first_rows[runs.origin + SONIA], runs.third_rows[runs.origin + SONIA]
    assert "संशोधित: पत्र की कॉपी" in after["body"]
    assert after["content_hash"] != before["content_hash"]
    assert len(runs.third_rows) == len(runs.first_rows)


def test_refresh_refetches_everything(runs) -> None:
    assert sorted(runs.refreshed) == sorted(runs.first)


def test_crawls_table_records_each_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite() as site:
        crawl(site, db, "-s", "CRAWL_ID=run-one")
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from crawls where id = 'run-one'").fetchone())
    assert row["finish_reason"] == "finished"
    assert row["started_at"] <= row["finished_at"]
    assert row["articles_new"] == 3
    assert json.loads(row["dropped_by_reason"]) == {"gone": 1, "no_body": 1, "too_old": 1}
    assert row["articles_dropped"] == 3
    assert row["pages_fetched"] > 10
    assert row["errors"] == 0
    assert json.loads(row["arguments"])["since"] == "2026-11-20"
    assert json.loads(row["stats"])["item_scraped_count"] == 3
