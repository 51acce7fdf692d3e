"""The floor any Scrapy crawler pays: fetch each page and read its <h1>, nothing else.

scrapy runspider bench/bare_spider.py -a urls=FILE -a stats=FILE   (run outside the project folder)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: str, stats: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file, self.stats_file = Path(urls), Path(stats)

    async def start(self) -> Any:
        for url in self.urls_file.read_text().split():
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: scrapy.http.Response) -> Iterator[dict[str, Any]]:
        yield {"h1": response.css("h1::text").get()}

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        # Scrapy sets elapsed_time_seconds only after the spider's closed(); measured the same way here.
        stats["elapsed_time_seconds"] = (datetime.now(UTC) - stats["start_time"]).total_seconds()
        self.stats_file.write_text(json.dumps(stats, default=str))
