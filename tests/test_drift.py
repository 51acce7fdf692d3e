"""The template-drift alarm: a redesign that defeats the selectors is loud, and the fallback still stores."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler import stats as keys
from crawler.options import Window
from crawler.reporting.summary import RUN_FAILED
from pipelines.validate import ValidatePipeline, drift_warning
from tests import sitegen
from tests.clock import PINNED
from tests.crawlrun import REPO, stored_articles
from tests.localsite import LocalSite


@pytest.mark.parametrize(
    ("counts", "alarm"),
    [
        ({"abp": 37, "fallback": 3}, None),
        ({"abp": 32, "uikit": 0, "fallback": 8}, None),  # exactly 20 %: not above the threshold
        ({"abp": 3, "fallback": 37}, "known templates matched 3 of 40 articles"),
        ({"abp": 3, "none": 30, "fallback": 7}, "known templates matched 3 of 40 articles"),
        ({"fallback": 4}, None),  # too few articles to judge
    ],
)
def test_drift_warning(counts: dict[str, int], alarm: str | None) -> None:
    warning = drift_warning(counts, threshold=0.2, min_articles=5)
    if alarm is None:
        assert warning is None
    else:
        assert warning is not None and warning.startswith(alarm)
        assert "layout may have changed" in warning


def test_drift_is_judged_per_site() -> None:
    """Seven healthy sites must not hide the one whose templates stopped matching."""
    crawler = get_crawler(settings_dict={"ABPLIVE_DRIFT_THRESHOLD": 0.2, "ABPLIVE_DRIFT_MIN_ARTICLES": 5})
    crawler.stats.open_spider()
    pipeline = ValidatePipeline(crawler, Window())
    pages = [("abplive-hi", "abp")] * 60 + [("abplive-mr", "fallback")] * 6 + [("abplive-mr", "abp")]
    for n, (site, method) in enumerate(pages):
        item = {"url": f"https://x/{n}", "site": site, "http_status": 200, "title": "t", "body": "b"}
        pipeline.process_item(item | {"extraction": method})
    pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert stats[keys.DRIFT_ALARM] == 1  # 6 of 67 pages overall would not have raised it
    assert stats[keys.for_site(keys.DRIFT_ALARM, "abplive-mr")] == 1
    assert keys.for_site(keys.DRIFT_ALARM, "abplive-hi") not in stats
    assert keys.by_site(stats)["abplive-mr"][keys.EXTRACTION + "fallback"] == 6


def test_a_redesigned_site_is_stored_through_the_fallback_and_cron_fails(tmp_path: Path) -> None:
    db, logs, count = tmp_path / "a.db", tmp_path / "logs", 12
    with LocalSite() as site:
        paths = site.add_synthetic_articles(
            count, date(2026, 11, 25), "2026-11-25T10:00:00+05:30", redesigned=True
        )
        command = [sys.executable, "-m", "crawler.cli.cron", "--db", str(db), "--logs", str(logs), "--"]
        args = ["-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-s", "AUTOTHROTTLE_ENABLED=False"]
        args += PINNED
        cron = subprocess.run([*command, *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert cron.returncode == RUN_FAILED, cron.stdout + cron.stderr
    assert "the site layout may have changed" in cron.stderr
    log = next(logs.glob("crawl-*.log")).read_text(encoding="utf-8")
    assert "WARNING: abplive-hi: known templates matched 2 of 14 articles — the site layout may have" in log
    with sqlite3.connect(db) as conn:
        extraction_counts, alarm = conn.execute(
            "select extraction_counts, drift_alarm from crawls"
        ).fetchone()
    assert json.loads(extraction_counts) == {"abp": 2, "fallback": count}
    assert alarm == 1
    [sites] = conn.execute("select sites from crawls").fetchone()
    assert json.loads(sites)["abplive-hi"]["drift_alarm"] == 1
    rows = stored_articles(db)
    for n, path in enumerate(paths, start=1):
        row = rows[site.origin + path]
        assert row["extraction"] == "fallback"
        assert row["body"] == "\n\n".join(sitegen.article_body(n, 6))  # as clean as a template body
