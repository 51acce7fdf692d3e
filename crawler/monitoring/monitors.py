"""Spidermon monitors of a finished crawl, and the actions that tell someone when one fails.

Enabled by default (``SPIDERMON_SPIDER_CLOSE_MONITORS``); the judgements are ``crawler.monitoring.health``'s,
plus Spidermon's own finish-reason monitor. Actions run only when a monitor failed, and only those whose
settings are given: ``ABPLIVE_ALERT_WEBHOOK_URL`` (a plain JSON POST), Spidermon's Slack
(``SPIDERMON_SLACK_SENDER_TOKEN``), Telegram (``SPIDERMON_TELEGRAM_SENDER_TOKEN``) and e-mail
(``SPIDERMON_EMAIL_TO`` with ``SPIDERMON_SMTP_HOST``); those three need
``pip install 'spidermon[monitoring]'``.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.utils.misc import load_object
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor

from crawler.monitoring import health

# Spidermon's runner logs its results through Spider.log(), which Scrapy 2.13 deprecated: the warning is
# Spidermon's to fix and says nothing to a person reading the crawl's output.
warnings.filterwarnings("ignore", r"Spider\.log\(\) is deprecated", ScrapyDeprecationWarning)

WEBHOOK = "crawler.monitoring.webhook.SendWebhook"
# Spidermon's own actions, each switched on by the setting that configures it.
OPTIONAL_ACTIONS = (
    ("SPIDERMON_SLACK_SENDER_TOKEN",
     "spidermon.contrib.actions.slack.notifiers.SendSlackMessageSpiderFinished"),
    ("SPIDERMON_TELEGRAM_SENDER_TOKEN",
     "spidermon.contrib.actions.telegram.notifiers.SendTelegramMessageSpiderFinished"),
    ("SPIDERMON_SMTP_HOST", "spidermon.contrib.actions.email.smtp.SendSmtpEmail"),
)  # fmt: skip


class _StatsMonitor(Monitor):
    @property
    def stats_dict(self) -> dict[str, Any]:
        return dict(self.data.stats)

    def setting(self, name: str) -> Any:
        return self.data.crawler.settings.get(name)

    def assert_healthy(self, problems: list[str]) -> None:
        if problems:
            self.fail("; ".join(problems))


@monitors.name("Articles")
class ArticlesMonitor(_StatsMonitor):
    @monitors.name("articles were stored when pages were fetched")
    def test_articles_stored(self) -> None:
        self.assert_healthy(health.missing_articles(self.stats_dict))


@monitors.name("Layout")
class DriftMonitor(_StatsMonitor):
    @monitors.name("every site's pages matched its known templates")
    def test_no_drift(self) -> None:
        self.assert_healthy(health.drifted_sites(self.stats_dict))


@monitors.name("Fetching")
class FetchFailuresMonitor(_StatsMonitor):
    @monitors.name("article fetch failures under the threshold")
    def test_fetch_failures(self) -> None:
        settings = self.data.crawler.settings
        self.assert_healthy(
            health.fetch_failures(
                self.stats_dict,
                settings.getfloat("ABPLIVE_ALERT_MAX_FAILURE_SHARE"),
                settings.getint("ABPLIVE_ALERT_MIN_FAILURES"),
            )
        )


@monitors.name("Fields")
class FieldCoverageMonitor(_StatsMonitor):
    @monitors.name("title, body and published_at on enough article pages of every site")
    def test_field_coverage(self) -> None:
        settings = self.data.crawler.settings
        self.assert_healthy(
            health.field_coverage(
                self.stats_dict,
                settings.getfloat("ABPLIVE_ALERT_MIN_FIELD_COVERAGE"),
                settings.getint("ABPLIVE_ALERT_MIN_FIELD_PAGES"),
            )
        )


class CrawlHealthSuite(MonitorSuite):
    """What cron judges, as Spidermon monitors at spider close."""

    monitors: ClassVar[list[type]] = [
        ArticlesMonitor, DriftMonitor, FetchFailuresMonitor, FieldCoverageMonitor, FinishReasonMonitor,
    ]  # fmt: skip

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any) -> None:
        settings = crawler.settings if crawler is not None else {}
        # Imported only when configured: Spidermon's Slack and Telegram actions need its extra packages.
        kwargs["monitors_failed_actions"] = [
            load_object(action)
            for setting, action in (("ABPLIVE_ALERT_WEBHOOK_URL", WEBHOOK), *OPTIONAL_ACTIONS)
            if settings.get(setting)
        ]
        super().__init__(*args, crawler=crawler, **kwargs)
