"""A Spidermon action: a failed crawl told to a plain webhook, one JSON POST (ABPLIVE_ALERT_WEBHOOK_URL).

The body: ``{"spider", "crawl_id", "finish_reason", "failed": [{"monitor", "reason"}], "stats": {…}}`` with
the run's article counts. A webhook that cannot be reached is Spidermon's to report (an action error in
the log); it never fails the crawl.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from spidermon.core.actions import Action

from crawler import stats as keys

TIMEOUT = 10


class SendWebhook(Action):
    def __init__(self, url: str, crawl_id: str | None = None) -> None:
        super().__init__()
        self.url = url
        self.crawl_id = crawl_id

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        return {"url": crawler.settings.get("ABPLIVE_ALERT_WEBHOOK_URL")}

    def run_action(self) -> None:
        stats = dict(self.data.stats)
        body = {
            "spider": self.data.spider.name,
            "crawl_id": stats.get(keys.CRAWL_ID),
            "finish_reason": stats.get("finish_reason"),
            "failed": [
                {"monitor": result.monitor.name, "reason": str(result.reason)}
                for result in self.result.monitors_failed_results
            ],
            "stats": {
                key: value
                for key, value in stats.items()
                if key.startswith((keys.ARTICLES, keys.FAILED, keys.DROPPED)) or key == keys.ARTICLE_PAGES
            },
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
