"""The whole crawl against the local copy of the site: discovery, extraction, cleaning, storage."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.discovery.sitemaps import SITEMAP_SLICE
from crawler.sites import SITES
from tests import sitegen
from tests.clock import TODAY, days_back_to
from tests.crawlrun import REPO, run_crawl, stored_articles
from tests.golden import golden_case, golden_cases
from tests.hostile import respond
from tests.localsite import LIVE_ORIGIN, LocalSite

STORED_CASES = ["abp-full", "abp-jsonld", "jsonld-articlebody"]
NEVER_REQUESTED = [
    "/news-01-01-2020.xml",  # daily sitemap listed in robots.txt, before the window
    "/news-15-10-2026.xml",  # daily sitemap listed in the index, before the window
    "/news/india/old-archive-story-from-2019-1100001",  # sitemap lastmod before the window
    "/web-stories/bollywood/top-looks-1398900",
    "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123/amp",
    "/news/india/page-3",  # beyond -a pages=2
]


def expected_row(case: str, origin: str) -> dict:
    """The golden item of ``case`` as the local site serves it, in the columns the store keeps."""
    text = (golden_case("abplive-hi", case) / "expected.json").read_text(encoding="utf-8")
    expected = json.loads(text.replace(LIVE_ORIGIN, origin))
    # Not the page's: how it was fetched (etag and last_modified come with the response; a web archive's
    # capture is recorded in its own table). (live_entries: in their own table.)
    transients = (
        "body_node", "has_expander", "http_status", "canonical_ignored", "etag", "last_modified",
        "live_entries", "archive_capture",
    )  # fmt: skip
    for transient in transients:
        del expected[transient]
    return expected


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("e2e") / "abplive.db"
    with LocalSite() as site:
        args = ("-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "since=2026-11-20")
        first = run_crawl(*args, "-s", f"SQLITE_PATH={db}")
        first_rows = stored_articles(db)
        first_requests = list(site.requests)
        # A full refetch: everything is crawled again and must come out the same.
        second = run_crawl(*args, "-a", "refresh=1", "-s", f"SQLITE_PATH={db}")
        yield site.origin, first, first_rows, first_requests, second, stored_articles(db)


def test_crawl_exits_cleanly(crawled) -> None:
    _, first, _, _, second, _ = crawled
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    assert "ERROR" not in first.stderr


def test_an_unattended_crawl_listens_on_no_port(crawled) -> None:
    _, first, *_ = crawled
    assert "TelnetConsole" not in first.stderr and "Telnet console listening" not in first.stderr
    assert "RemoteControl" not in first.stderr and "Remote control HTTP server" not in first.stderr


def test_database_holds_exactly_the_expected_articles(crawled) -> None:
    origin, _, rows, _, _, _ = crawled
    expected = {row["url"]: row for row in (expected_row(case, origin) for case in STORED_CASES)}
    assert sorted(rows) == sorted(expected)
    for url, stored in rows.items():
        row = dict(stored)  # the fixture is shared by the module's tests
        assert row.pop("crawled_at"), url
        assert row.pop("published_date") == expected[url]["published_at"][:10]
        for field, value in expected[url].items():
            assert row[field] == value, f"{url}: {field}"


def test_skipped_urls_are_never_requested(crawled) -> None:
    _, _, _, requests, _, _ = crawled
    for path in NEVER_REQUESTED:
        assert path not in requests, path
    # Tracking parameters and a second route to the same article do not cause a second fetch.
    article = "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
    assert requests.count(article) == 1
    assert not [path for path in requests if "utm_" in path]


def test_drops_and_skips_are_counted(crawled) -> None:
    _, first, _, _, _, _ = crawled
    for stat in (
        "'abplive/dropped/no_body': 1",
        "'abplive/dropped/too_old': 1",
        "'abplive/skipped/amp': 1",
        "'abplive/skipped/webstory': 1",
        "'abplive/skipped/sitemap_out_of_window': 2",
        "'abplive/skipped/old_lastmod': 1",
        "'abplive/articles/new': 3",
    ):
        assert stat in first.stderr, stat


def test_refetching_leaves_stored_content_unchanged(crawled) -> None:
    _, _, first_rows, _, second, second_rows = crawled
    assert "'abplive/articles/unchanged': 3" in second.stderr
    assert sorted(first_rows) == sorted(second_rows)
    for url, row in second_rows.items():
        assert {k: v for k, v in row.items() if k != "crawled_at"} == {
            k: v for k, v in first_rows[url].items() if k != "crawled_at"
        }


def test_single_url_mode_fetches_only_that_article(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    with LocalSite() as site:
        url = f"{site.origin}/news/world/us-coronavirus-trump-economy-reopen-1412345?utm_source=x"
        result = run_crawl("-a", f"url={url}", "-s", f"SQLITE_PATH={db}")
        requests = [path for path in site.requests if path != "/robots.txt"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert requests == ["/news/world/us-coronavirus-trump-economy-reopen-1412345"]
    # An explicitly named article is stored whatever its age (this one is from 2020).
    assert list(stored_articles(db)) == [
        f"{site.origin}/news/world/us-coronavirus-trump-economy-reopen-1412345"
    ]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("pages=0", "-a pages=0: expected a whole number of at least 1"),
        ("since=yesterday", "-a since=yesterday: expected a date as YYYY-MM-DD"),
        ("base_url=ftp://example.org", "-a base_url=ftp://example.org: expected an http(s) URL"),
        ("colour=blue", "unknown argument -a colour"),
        ("base_url=http://127.0.0.1:99999", "-a base_url=http://127.0.0.1:99999: the port is not a number"),
        ("since=0001-01-01", "-a since=0001-01-01: before 2014-01-01"),
    ],
)
def test_bad_argument_is_a_one_line_startup_error(tmp_path: Path, argument: str, message: str) -> None:
    result = run_crawl("-a", argument, "-s", f"SQLITE_PATH={tmp_path / 'x.db'}")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith(f"abplive: {message}")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_unusable_database_path_is_a_startup_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_crawl("-a", "url=http://127.0.0.1:9/news/india/x-1", "-s", f"SQLITE_PATH={blocker}/a.db")
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"abplive: cannot use SQLite database {blocker}/a.db")
    )
    assert "Traceback" not in result.stderr


def test_backfill_window_requests_its_daily_sitemaps_directly(tmp_path: Path) -> None:
    with LocalSite() as site:
        base = ("-a", f"base_url={site.origin}", "-s", f"SQLITE_PATH={tmp_path / 'b.db'}")
        result = run_crawl(*base, "-a", "since=2026-11-23", "-a", "until=2026-11-24")
        backfill_requests = list(site.requests)
        site.requests.clear()
        # The default window, reaching back to 23-11 (the copy's index lists 24-11 and 25-11).
        window = f"ABPLIVE_SINCE_DAYS={days_back_to(date(2026, 11, 23))}"
        plain = run_crawl(*base, "-s", window, "-a", "refresh=1")
    assert result.returncode == plain.returncode == 0
    daily = sorted(p for p in backfill_requests if p.startswith("/news-") and p != "/news-sitemap.xml")
    assert daily == ["/news-23-11-2026.xml", "/news-24-11-2026.xml"]  # 25-11 is after -a until
    assert "/sports/cricket/virat-kohli-century-india-beat-australia-1398555" in backfill_requests
    assert "'abplive/dropped/too_new'" in result.stderr  # found on the home page, published after until
    # Without -a since only what robots.txt and the sitemap index list is read: no day is guessed.
    assert "/news-24-11-2026.xml" in site.requests  # listed by the index
    assert "/news-23-11-2026.xml" not in site.requests
    assert "/news-26-11-2026.xml" not in site.requests


def test_a_backfill_reads_its_days_one_after_another(tmp_path: Path) -> None:
    """Each daily sitemap is fetched only once the previous day's articles are (memory holds one day's
    requests); a day whose file is missing or failing does not end the backfill."""
    days = [date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24)]
    with LocalSite() as site:
        articles = [
            site.add_synthetic_articles(8, day, f"{day}T10:00:00+05:30", first=100 * n + 1)
            for n, day in enumerate(days, start=1)
        ]
        site.behaviours["/news-21-11-2026.xml"] = respond(500)  # 22-11 has no file: a 404
        site.serve("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")  # days found by date only
        result = run_crawl(
            "-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-a", "until=2026-11-24",
            "-s", f"SQLITE_PATH={tmp_path / 'days.db'}", "-s", "RETRY_TIMES=0",
            "-s", "CONCURRENT_REQUESTS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        )  # fmt: skip
        order = {path: position for position, path in reversed(list(enumerate(site.requests)))}
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'abplive/discovery_failed/http_500': 1" in result.stderr
    assert "'abplive/sitemaps/missing_days': 1" in result.stderr
    stored = stored_articles(tmp_path / "days.db")
    assert all(any(url.endswith(path) for url in stored) for day in articles for path in day)
    for previous_day, day in zip(articles, days[1:], strict=False):
        sitemap = day.strftime("/news-%d-%m-%Y.xml")
        assert max(order[path] for path in previous_day) < order[sitemap]


def test_a_backfill_day_also_listed_by_the_sitemap_index_does_not_end_the_backfill(tmp_path: Path) -> None:
    """24-11 is listed by the index robots.txt names; the days after it are read all the same."""
    with LocalSite() as site:
        late = site.add_synthetic_articles(4, date(2026, 11, 26), "2026-11-26T09:00:00+05:30", first=501)
        result = run_crawl(
            "-a", f"base_url={site.origin}", "-a", "since=2026-11-23", "-a", "until=2026-11-26",
            "-s", f"SQLITE_PATH={tmp_path / 'index.db'}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert site.requests.count("/news-24-11-2026.xml") == 1
    assert "/news-26-11-2026.xml" in site.requests
    assert all(path in site.requests for path in late)
    assert "'abplive/skipped/sitemap_read_by_date': 2" in result.stderr  # 24-11 and 25-11, from the index


NEIGHBOURS = """
import sys
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.utils.project import get_project_settings
from crawler.cli.commands.crawl import report_startup_errors

settings = get_project_settings()
settings.setdict({"SQLITE_PATH": sys.argv[1], "ABPLIVE_TODAY": sys.argv[3], "AUTOTHROTTLE_ENABLED": False})
process = AsyncCrawlerProcess(settings)
report_startup_errors(process.crawl("abplive", pages="0"))
report_startup_errors(process.crawl("abplive", base_url=sys.argv[2], since="2026-11-20"))
process.start()
sys.exit(1 if process.bootstrap_failed else 0)
"""


def test_a_crawl_that_cannot_start_fails_alone(tmp_path: Path) -> None:
    """Two crawls in one process: the one with a bad argument fails with one line and a non-zero status, the
    other runs to the end."""
    db = tmp_path / "a.db"
    with LocalSite() as site:
        result = subprocess.run(
            [sys.executable, "-c", NEIGHBOURS, str(db), site.origin, TODAY.isoformat()],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1
    assert "abplive: -a pages=0: expected a whole number of at least 1\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(stored_articles(db)) == len(STORED_CASES)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            "create table articles (url text, title text)",
            "articles.url in {db} is not the table's text primary key",
        ),
        (
            "create table articles (url integer primary key)",
            "articles.url in {db} is not the table's text primary key",
        ),
        (
            "create table t (url text primary key); create view articles as select url from t",
            "articles is a view",
        ),
    ],
)
def test_a_database_whose_tables_cannot_be_upserted_is_refused_at_start_up(
    tmp_path: Path, schema: str, message: str
) -> None:
    """Before, such a file passed start-up and every batch then failed: nothing stored, exit status 0."""
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(schema)
    result = run_crawl("-a", "url=http://127.0.0.1:9/news/india/x-1", "-s", f"SQLITE_PATH={db}")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("abplive: " + message.format(db=db))
    assert "Traceback" not in result.stderr


def test_listing_pages_are_walked_one_after_another_up_to_the_first_without_news(tmp_path: Path) -> None:
    """``-a pages`` is an upper bound, not a list to queue: ten million pages asked for, the walk stops at the
    first missing page; the next run stops at page 1, which lists nothing the archive lacks."""
    with LocalSite() as site:
        site.serve("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")  # listings only, no sitemaps
        args = (
            "-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "pages=10000000",
            "-a", "since=2026-11-20", "-s", f"SQLITE_PATH={tmp_path / 'l.db'}",
        )  # fmt: skip
        first = run_crawl(*args)
        first_pages = [path for path in site.requests if path.startswith("/news/india/page-")]
        site.requests.clear()
        second = run_crawl(*args)
        second_pages = [path for path in site.requests if path.startswith("/news/india/page-")]
    assert first.returncode == second.returncode == 0, first.stderr[-2000:] + second.stderr[-2000:]
    assert first_pages == ["/news/india/page-2", "/news/india/page-3"]  # page 3 answers 404: the end
    assert "/news/india" in site.requests  # page 1 is read again…
    assert second_pages == []  # …and lists only known articles
    assert "'abplive/skipped/listing_page_after_no_new': 1" in second.stderr


def test_a_sitemap_longer_than_a_slice_is_crawled_whole(tmp_path: Path) -> None:
    """Its URLs become requests a slice at a time (memory stays flat, whatever the sitemap's size)."""
    with LocalSite() as site:
        day, lastmod = date(2026, 11, 25), "2026-11-25T10:00:00+05:30"
        paths = site.add_synthetic_articles(SITEMAP_SLICE + 150, day, lastmod)
        site.serve("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        result = run_crawl(
            "-a", f"base_url={site.origin}", "-a", "since=2026-11-25", "-a", "until=2026-11-25",
            "-s", f"SQLITE_PATH={tmp_path / 's.db'}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    stored = stored_articles(tmp_path / "s.db")
    assert all(site.origin + path in stored for path in paths)
    assert "'abplive/sitemaps/later_slices': 1" in result.stderr


REGIONAL = ["abplive-en", "abplive-mr", "abplive-bn", "abplive-gu", "abplive-pa", "abplive-ta", "abplive-te"]
STORED_FIELDS = ("site", "language", "title", "summary", "body", "author", "published_at", "section", "tags")


def assert_stored_as_golden(rows: dict[str, dict], cases: list[Path], origin: str) -> None:
    for case in cases:
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        # Its canonical names another origin: stored as fetched.
        row = rows[origin + urlsplit(meta["url"]).path]
        for field in STORED_FIELDS:
            assert row[field] == expected[field], (case.parent.name, case.name, field)


# The crawls of the local copies read from this day: a golden page published before it is not read.
WINDOW_START = "2026-11-24"


def stored_cases(site: str) -> list[Path]:
    """The golden pages a crawl of the site's local copy from ``WINDOW_START`` stores (the Hindi copy's others
    are dropped)."""
    if site == "abplive-hi":
        return [golden_case(site, case) for case in STORED_CASES]
    return [case for case in golden_cases(site) if _published(case) >= WINDOW_START]


def _published(case: Path) -> str:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))["published_at"] or ""


@pytest.mark.parametrize("site", REGIONAL)
def test_each_language_site_is_crawled_and_stored_clean(tmp_path: Path, site: str) -> None:
    """Every site of the network through the whole crawl, from its robots.txt: its local copy's golden
    pages are found and stored exactly, with the site's key and language."""
    db = tmp_path / "site.db"
    with LocalSite(site=site) as local:
        result = run_crawl(
            "-a", f"site={site}", "-a", f"base_url={local.origin}", "-a", f"since={WINDOW_START}",
            "-s", f"SQLITE_PATH={db}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = stored_articles(db)
    assert len(rows) == len(stored_cases(site))
    assert_stored_as_golden(rows, stored_cases(site), local.origin)
    assert "/home/feed" in local.requests and "/news-sitemap.xml" in local.requests


def test_all_sites_in_one_run_one_database(tmp_path: Path) -> None:
    """``-a site=all``: the eight copies crawled side by side by one process into one database, each article
    with its site and language, and the crawls row counting per site."""
    db = tmp_path / "all.db"
    with contextlib.ExitStack() as stack:
        copies = {site: stack.enter_context(LocalSite(site=site)) for site in SITES}
        origins = ",".join(copies[site].origin for site in SITES)
        result = run_crawl(
            "-a",
            "site=all",
            "-a",
            f"base_url={origins}",
            "-a",
            f"since={WINDOW_START}",
            "-s",
            f"SQLITE_PATH={db}",
        )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = stored_articles(db)
    for site, local in copies.items():
        assert_stored_as_golden(rows, stored_cases(site), local.origin)
    assert {row["language"] for row in rows.values()} == {site.language for site in SITES.values()}
    with sqlite3.connect(db) as conn:
        [sites] = conn.execute("select sites from crawls").fetchone()
    per_site = json.loads(sites)
    assert set(per_site) == set(SITES)
    assert per_site["abplive-mr"]["articles_new"] == len(stored_cases("abplive-mr"))
    assert sum(counts["articles_new"] for counts in per_site.values()) == len(rows)


def test_rss_feeds_are_a_discovery_path_with_the_same_window_and_skip_rules(tmp_path: Path) -> None:
    """Articles listed only in the home feed and a section feed are found; old, video and other-origin
    items are not requested; a feed that is not RSS is counted, not an error."""
    db = tmp_path / "feed.db"
    with LocalSite() as site:
        fresh, old, in_section = (sitegen.article_path(n) for n in (501, 502, 503))
        for n in (501, 502, 503):
            site.serve(sitegen.article_path(n), sitegen.article_html(site.origin, n, date(2026, 11, 25)))
        site.serve(
            "/home/feed",
            sitegen.rss(
                [
                    (site.origin + fresh, "2026-11-25T10:00:00+05:30"),
                    (site.origin + old, "2020-03-03T10:00:00+05:30"),
                    (site.origin + "/web-stories/news/a-feed-story-1398001", "2026-11-25T10:00:00+05:30"),
                    ("http://127.0.0.1:1/news/india/another-origin-1398002", "2026-11-25T10:00:00+05:30"),
                ],
            ),
            "application/rss+xml",
        )
        site.serve(
            "/news/world/feed", sitegen.rss([(site.origin + in_section, "not a date")]), "application/rss+xml"
        )
        site.serve("/news/india/feed", "<html><body>moved</body></html>")
        result = run_crawl(
            "-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-a", "sections=news/india,news/world",
            "-s", f"SQLITE_PATH={db}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    stored = stored_articles(db)
    assert site.origin + fresh in stored and site.origin + in_section in stored
    assert old not in site.requests and "/web-stories/news/a-feed-story-1398001" not in site.requests
    stats = result.stderr
    assert "'abplive/feeds/parsed': 2" in stats and "'abplive/feeds/invalid': 1" in stats
    assert "'abplive/skipped/old_pubdate': 1" in stats and "ERROR" not in stats
