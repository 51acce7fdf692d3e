"""Log lines sized for cron logs: a dropped item is one line with its reason, not the whole article."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class LogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict:
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
