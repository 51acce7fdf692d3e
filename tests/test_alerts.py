"""Alerts: Spidermon judges a finished crawl; a broken one reaches a local webhook, a healthy one does not."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler import stats as keys
from crawler.monitoring import health
from tests import hostile
from tests.crawlrun import run_crawl
from tests.localsite import LocalSite

DAY = date(2026, 11, 25)


def test_health_judges_what_cron_judges() -> None:
    assert health.missing_articles({keys.ARTICLE_PAGES: 5}) == [
        "5 article pages were fetched and none was stored"
    ]
    assert health.missing_articles({keys.ARTICLE_PAGES: 5, keys.ARTICLES + "unchanged": 5}) == []
    assert health.missing_articles({keys.SITEMAPS_PARSED: 2}) == [
        "the sitemaps were read but listed no article"
    ]
    drifted = {keys.for_site(keys.DRIFT_ALARM, "abplive-mr"): 1, keys.DRIFT_ALARM: 1}
    assert [line.split(":")[0] for line in health.drifted_sites(drifted)] == ["abplive-mr"]
    failures = {keys.FAILED + "http_500": 6, keys.ARTICLE_PAGES: 10}
    assert health.fetch_failures(failures, 0.1, 5) == ["6 of 16 article requests failed (http_500 6)"]
    assert health.fetch_failures(failures, 0.5, 5) == [] and health.fetch_failures(failures, 0.1, 7) == []


def test_field_coverage_is_judged_per_site() -> None:
    stats = {
        keys.for_site(keys.FIELDS + "pages", "abplive-hi"): 10,
        keys.for_site(keys.FIELDS + "title", "abplive-hi"): 10,
        keys.for_site(keys.FIELDS + "body", "abplive-hi"): 10,
        keys.for_site(keys.FIELDS + "published_at", "abplive-hi"): 10,
        keys.for_site(keys.FIELDS + "pages", "abplive-bn"): 10,
        keys.for_site(keys.FIELDS + "title", "abplive-bn"): 10,
        keys.for_site(keys.FIELDS + "body", "abplive-bn"): 4,
        keys.for_site(keys.FIELDS + "published_at", "abplive-bn"): 10,
    }
    assert health.field_coverage(stats, 0.9, 5) == [
        "abplive-bn: body on 40% of 10 article pages (at least 90%)"
    ]
    assert health.field_coverage(stats, 0.9, 11) == []  # too few pages to judge


class Webhook:
    """A local webhook that records the JSON bodies posted to it."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    hook.thread.start()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


def crawl(site: LocalSite, db: Path, hook: Webhook) -> str:
    result = run_crawl(
        "-a", f"base_url={site.origin}", "-a", f"since={DAY}", "-a", f"until={DAY}",
        "-s", f"SQLITE_PATH={db}", "-s", "SPIDERMON_ENABLED=True",
        "-s", f"ABPLIVE_ALERT_WEBHOOK_URL={hook.url}", "-s", "RETRY_TIMES=0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_a_broken_crawl_reaches_the_webhook(tmp_path: Path, webhook: Webhook) -> None:
    with LocalSite() as site:
        for path in site.add_synthetic_articles(12, DAY, f"{DAY}T10:00:00+05:30"):
            site.behaviours[path] = hostile.respond(500, b"down")
        log = crawl(site, tmp_path / "a.db", webhook)
    [post] = webhook.posts
    assert post["spider"] == "abplive" and post["finish_reason"] == "finished"
    failed = {entry["monitor"]: entry["reason"] for entry in post["failed"]}
    reason = failed["Fetching/article fetch failures under the threshold"]
    assert re.fullmatch(r"12 of 1\d article requests failed \(http_500 12\)", reason), reason
    assert post["stats"]["abplive/failed/http_500"] == 12
    assert "[Spidermon]" in log


def test_a_healthy_crawl_posts_nothing(tmp_path: Path, webhook: Webhook) -> None:
    with LocalSite() as site:
        site.add_synthetic_articles(12, DAY, f"{DAY}T10:00:00+05:30")
        log = crawl(site, tmp_path / "a.db", webhook)
    assert webhook.posts == []
    assert "OK" in log.split("[Spidermon]")[-1] or "FAILED" not in log
