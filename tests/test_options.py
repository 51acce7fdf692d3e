"""Spider arguments: parsed, defaulted and rejected with one-line messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from scrapy.utils.test import get_crawler

from crawler.clock import SITE_ZONE, CrawlClock
from crawler.components.known import KnownArticlesMiddleware
from crawler.errors import StartupError
from crawler.options import parse_options
from spiders.abplive import AbpliveSpider

TODAY = date(2026, 11, 26)


def parse(**args: str):
    return parse_options(args, today=TODAY, default_days=2)


def test_defaults_crawl_the_live_site_for_the_last_two_days() -> None:
    options = parse()
    [target] = options.targets
    assert target.base_url == "https://www.abplive.com"
    assert options.since == date(2026, 11, 24)
    assert (options.url, options.sections, options.pages) == (None, (), 2)
    assert target.site.language == "hi"


def test_sections_and_pages_make_listing_urls() -> None:
    options = parse(base_url="http://127.0.0.1:8000/", sections=" news/india , /news/world/", pages="3")
    assert options.sections == ("news/india", "news/world") and options.pages == 3
    [target] = options.targets
    assert target.listing_url("news/india", 1) == "http://127.0.0.1:8000/news/india"
    assert target.listing_url("news/world", 3) == "http://127.0.0.1:8000/news/world/page-3"
    assert target.feed_url("news/india") == "http://127.0.0.1:8000/news/india/feed"
    assert target.hostname == "127.0.0.1"


def test_several_sites_are_crawled_each_at_its_own_origin() -> None:
    everything = parse(site="all")
    assert [t.site.key for t in everything.targets][:2] == ["abplive-hi", "abplive-en"]
    assert len(everything.targets) == 8
    assert {t.base_url for t in everything.targets} >= {
        "https://marathi.abplive.com",
        "https://tamil.abplive.com",
    }
    two = parse(site="abplive-mr, abplive-bn", base_url="http://127.0.0.1:8001,http://127.0.0.1:8002")
    assert [(t.site.key, t.base_url) for t in two.targets] == [
        ("abplive-mr", "http://127.0.0.1:8001"),
        ("abplive-bn", "http://127.0.0.1:8002"),
    ]
    assert two.target_for("http://127.0.0.1:8002/news/a-1").site.key == "abplive-bn"
    assert two.target_for("http://127.0.0.1:8003/news/a-1") is None


def test_single_url_sets_the_origin_and_has_no_window() -> None:
    options = parse(url="https://www.abplive.com/news/india/a-1?utm_source=x#top", since="2026-01-01")
    assert options.url == "https://www.abplive.com/news/india/a-1"
    assert [t.base_url for t in options.targets] == ["https://www.abplive.com"]
    assert options.since is None


def test_scrapyd_arguments_are_ignored() -> None:
    assert parse(_job="abc", _version="1").pages == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"pages": "0"}, "-a pages=0: expected a whole number of at least 1"),
        ({"pages": "two"}, "-a pages=two"),
        ({"since": "26-11-2026"}, "-a since=26-11-2026: expected a date as YYYY-MM-DD"),
        ({"base_url": "www.abplive.com"}, "-a base_url=www.abplive.com: expected an http(s) URL"),
        ({"base_url": "https://www.abplive.com/news"}, "expected an origin without a path"),
        ({"url": "not a url"}, "-a url=not a url"),
        ({"base_url": "http://127.0.0.1:1", "url": "https://www.abplive.com/a-1"}, "not on the crawl's host"),
        ({"sections": "news/india,News India"}, "'News India' is not a path"),
        ({"site": "klingon"}, "unknown site 'klingon'"),
        ({"site": ","}, "-a site=,: expected a site key"),
        ({"site": "abplive-hi,abplive-mr", "base_url": "http://127.0.0.1:1"}, "1 origins for 2 sites"),
        ({"site": "abplive-hi,abplive-mr", "base_url": "http://127.0.0.1:1,http://127.0.0.1:1"}, "two sites"),
        ({"site": "all", "url": "https://www.abplive.com/news/a-1"}, "a single article belongs to one site"),
        ({"page": "2"}, "unknown argument -a page"),
        (
            {"base_url": "http://127.0.0.1:99999"},
            "-a base_url=http://127.0.0.1:99999: the port is not a number",
        ),
        ({"base_url": "http://user:pw@127.0.0.1:8000"}, "-a base_url: a URL with a user name or password"),
        ({"url": "https://me@www.abplive.com/news/a-1"}, "-a url: a URL with a user name or password"),
        ({"since": "0001-01-01"}, "-a since=0001-01-01: before 2014-01-01"),
        ({"since": "2026-11-27"}, "-a since=2026-11-27: after today (2026-11-26)"),
        ({"since": "2026-11-01", "until": "9999-12-31"}, "-a until=9999-12-31: after today (2026-11-26)"),
    ],
)
def test_bad_arguments_are_rejected(args: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        parse(**args)
    assert "\n" not in str(error.value)


def test_the_crawl_counts_its_window_from_the_pinned_today() -> None:
    crawler = get_crawler(AbpliveSpider, {"ABPLIVE_TODAY": "2031-03-01", "ABPLIVE_SINCE_DAYS": 2})
    spider = AbpliveSpider.from_crawler(crawler)
    assert spider.options.since == date(2031, 2, 27)
    backfill = AbpliveSpider.from_crawler(crawler, since="2031-02-27")
    assert backfill.options.sitemap_days[-1] == date(2031, 3, 1)  # a backfill runs up to today


def test_unpinned_the_clock_is_the_wall_clock_on_the_sites_day() -> None:
    # 20:00 UTC is already the next day in India (+05:30): the site names its daily sitemap by that day.
    before = datetime.now(SITE_ZONE)
    clock = CrawlClock()
    now, today = clock.now(), clock.today()
    after = datetime.now(SITE_ZONE)
    assert before <= now <= after and now.utcoffset() == timedelta(0)
    assert before.date() <= today <= after.date()


def test_a_pinned_clock_reads_the_time_of_day_on_the_pinned_day() -> None:
    # However far the machine's own date is from the pinned day (a backfill, a replay, a clock a year ahead).
    for pinned in (date(2019, 2, 28), date(2031, 3, 1)):
        clock = CrawlClock(pinned)
        before = datetime.now(SITE_ZONE)
        now = clock.now().astimezone(SITE_ZONE)
        after = datetime.now(SITE_ZONE)
        assert clock.today() == now.date() == pinned
        assert before.time() <= now.time() <= after.time() or before.date() != after.date()
        assert clock.stamp() >= now.astimezone(UTC).isoformat(timespec="seconds")


def test_every_component_reads_one_clock() -> None:
    settings = {"ABPLIVE_TODAY": "2031-03-01"}
    spider = AbpliveSpider.from_crawler(get_crawler(AbpliveSpider, settings))
    middleware = KnownArticlesMiddleware(get_crawler(AbpliveSpider, settings | {"ABPLIVE_INCREMENTAL": True}))
    assert spider.clock == middleware.clock == CrawlClock(date(2031, 3, 1))
    days = spider.settings.getint("ABPLIVE_SINCE_DAYS")
    assert spider.options.since == spider.clock.today() - timedelta(days=days)


def test_a_bad_pinned_today_is_a_one_line_startup_error() -> None:
    crawler = get_crawler(AbpliveSpider, {"ABPLIVE_TODAY": "1.3.2031"})
    message = r"^abplive: -s ABPLIVE_TODAY=1.3.2031: expected a date as YYYY-MM-DD$"
    with pytest.raises(StartupError, match=message):
        AbpliveSpider.from_crawler(crawler)


def test_a_history_crawl_names_its_archive_and_stores_whatever_was_published_when() -> None:
    assert parse(archive="IA").archive == "ia" and parse(archive="cc").archive == "cc"
    options = parse(archive="http://127.0.0.1:8080/coll/", since="2026-11-20", until="2026-11-23")
    assert options.archive == "http://127.0.0.1:8080/coll"
    # since/until bound the capture days asked of the archive; no daily sitemap, no publication window.
    assert options.sitemap_days == () and options.window.since is None and options.since == date(2026, 11, 20)
    for wrong, message in (
        ({"archive": "wayback"}, r"expected ia \(the Wayback Machine\), cc"),
        ({"archive": "ftp://host/coll"}, r"expected an http\(s\) URL"),
        ({"archive": "ia", "url": "https://www.abplive.com/news/india/a-1"}, "do not apply"),
        ({"archive": "ia", "base_url": "http://127.0.0.1:8765"}, "do not apply"),
    ):
        with pytest.raises(ValueError, match=message):
            parse(**wrong)


def test_a_sites_former_host_is_its_own_in_captures_but_not_a_copys() -> None:
    old = "https://abpnews.abplive.in/india-news/an-old-story-456789"
    assert parse(site="abplive-hi").not_replayed(old) is None
    assert parse(site="abplive-mr").not_replayed(old) == "other_host"
    assert parse(site="abplive-hi", base_url="http://127.0.0.1:8765").not_replayed(old) == "other_host"
