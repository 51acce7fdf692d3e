"""History from a web archive (``-a archive=URL``), end to end against a real pywb: its own CDX API and raw
(``id_``) replay, a collection built from the golden pages captured on several days with edits between, a
proxy in front of it that answers 429 with ``Retry-After``. Nothing is mocked; no live host is asked."""

from __future__ import annotations

import http.server
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crawler.reading.timeline import timeline
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from tests.crawlrun import run_crawl, stored_articles
from tests.webarchive import (
    Capture,
    RefusingProxy,
    build_collection,
    edited,
    golden_page,
    running_pywb,
    write_warc,
)

LOCAL_COPY = "http://127.0.0.1:8765/news/india/a-local-copy-1398123"
# A month of capture days, read a day at a time.
WINDOW = ("-a", "since=2026-10-27", "-a", "until=2026-11-25")
# cdx_toolkit spaces its index requests to a host (3 s by default); a local archive needs no such wait.
ENV = os.environ | {"CDXT_DEFAULT_MIN_RETRY_INTERVAL": "0"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    root = tmp_path_factory.mktemp("pywb")
    edited_url, page, body = golden_page("abplive-hi", "abp-full")
    second = edited(page, body, "(अपडेट: मंत्री ने बयान दिया)")
    third = edited(second, body, "(दूसरा अपडेट)")
    other_url, other_page, _ = golden_page("abplive-hi", "uikit-byline")
    query_url, query_page, _ = golden_page("abplive-hi", "abp-jsonld")
    _, unknown_template, _ = golden_page("abplive-hi", "redesign-fallback")
    # The Hindi site's host before 2020: its pages are the site's too, of a template no profile knows.
    former_url = "https://abpnews.abplive.in/india-news/an-old-story-456789"
    captures = [
        Capture(edited_url, "2026-11-20T04:00:00Z", page),
        Capture(edited_url, "2026-11-20T09:00:00Z", second),  # an edit, five hours later
        Capture(edited_url, "2026-11-21T09:00:00Z", second),  # the same bytes again: not fetched
        Capture(edited_url, "2026-11-22T06:00:00Z", third),
        Capture(edited_url, "2026-11-26T06:00:00Z", page),  # after the window
        Capture(LOCAL_COPY, "2026-11-20T05:00:00Z", page),  # a local copy's page (make demo's origin)
        Capture(other_url, "2026-10-28T05:00:00Z", other_page),
        Capture(other_url, "2026-11-21T05:00:00Z", other_page),  # unchanged three weeks later: not fetched
        Capture(query_url, "2026-11-22T05:00:00Z", query_page),  # captured with a tracking query
        Capture(former_url, "2026-11-03T05:00:00Z", unknown_template),
        Capture("https://www.abplive.com/", "2026-11-21T05:00:00Z", page),  # the home page: not an article
        Capture(edited_url.replace("1398123", "1398999"), "2026-11-21T05:00:00Z", b"gone", "404 Not Found"),
    ]
    write_warc(root / "captures.warc.gz", captures)
    build_collection(root, [root / "captures.warc.gz"])
    with running_pywb(root) as base:
        yield SimpleNamespace(
            base=base, edited=edited_url, other=other_url, query=query_url, former=former_url
        )


def history_crawl(collection: str, db: Path, *extra: str) -> Any:
    return run_crawl(
        "-a", f"archive={collection}", "-a", "site=abplive-hi", *WINDOW, "-s", f"SQLITE_PATH={db}", *extra,
        env=ENV, timeout=180,
    )  # fmt: skip


def last_stats(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        (stats,) = conn.execute("select stats from crawls order by started_at desc, rowid desc").fetchone()
    return json.loads(stats)


def versions(db: Path, url: str) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [
            dict(row)
            for row in conn.execute("select * from article_versions where url = ? order by version", [url])
        ]


def test_captures_become_versions_in_capture_order_a_429_waited_out(
    archive: SimpleNamespace, tmp_path: Path
) -> None:
    db = tmp_path / "history.db"
    with RefusingProxy(archive.base.rsplit("/", 1)[0], refuse=1, wait=1) as proxy:
        collection = f"{proxy.origin}/abp"
        result = history_crawl(collection, db)
        assert result.returncode == 0, result.stderr[-3000:]
        stats = last_stats(db)
        articles = stored_articles(db)
        assert set(articles) == {archive.edited, archive.other, archive.query.split("?")[0], archive.former}
        assert articles[archive.former]["extraction"] == "fallback"  # flagged: no profile knows its template
        # Each distinct capture once, the edits as versions at their capture times, the newest current.
        history = versions(db, archive.edited)
        assert [v["captured_at"] for v in history] == [
            "2026-11-20T04:00:00+00:00", "2026-11-20T09:00:00+00:00", "2026-11-22T06:00:00+00:00",
        ]  # fmt: skip
        stamps = ("20261120040000", "20261120090000", "20261122060000")
        assert [v["source"] for v in history] == [f"{collection}@{stamp}" for stamp in stamps]
        assert "दूसरा अपडेट" in articles[archive.edited]["body"]
        assert articles[archive.edited]["first_seen_at"] == "2026-11-20T04:00:00+00:00"
        assert articles[archive.other]["crawled_at"] == "2026-10-28T05:00:00+00:00"
        assert history[1]["words_added"] >= 5 and not history[1]["words_removed"]
        host = "abplive/archive/www.abplive.com/"
        assert stats[host + "identical"] == 2 and stats[host + "fetched"] == 5
        assert stats["abplive/archive/abpnews.abplive.in/fetched"] == 1
        # The 429 was waited out and the capture fetched: nothing lost.
        assert proxy.refused == 1 and stats["abplive/retry_after/waits"] == 1
        assert stats["abplive/skipped/not_article_other"] == 1 and stats["abplive/archive/slices"] == 60
        summary = "captures of www.abplive.com: 8 listed, 2 identical (not fetched), 5 fetched, 0 not a page"
        assert summary in result.stdout + result.stderr
        # Only the archive was asked: its CDX API and raw captures.
        assert all(path.startswith(("/abp/cdx", "/abp/2026")) for path in proxy.paths), proxy.paths
        asked = len(proxy.paths)

        again = history_crawl(collection, db)
        assert again.returncode == 0, again.stderr[-3000:]
        # The window was read: beyond the start-up check, not even the index is asked again.
        assert [path for path in proxy.paths[asked:] if "url=example.com" not in path] == []
        assert last_stats(db).get("downloader/request_count", 0) == 0
        assert (
            f"abplive: finished: nothing new since 2026-11-22 in {collection}: 0 pages fetched"
            in again.stdout + again.stderr
        )
    # The article page's timeline: capture times, the archive named, a link to each capture.
    shown = timeline(history, "hi")
    assert [v.link for v in shown] == [f"{collection}/{stamp}/{archive.edited}" for stamp in stamps]
    assert shown[1].source == f"capture from {collection}" and "<ins>" in shown[1].diff_html
    assert shown[0].when == "20 नवंबर 2026, 09:30 IST"


def test_captures_of_a_host_that_is_no_abp_site_are_counted_and_named(
    archive: SimpleNamespace, tmp_path: Path
) -> None:
    """An archive that crawled a local copy (127.0.0.1:8765), history read from a collection holding that
    copy's captures: they are not read (no ABP site's), but counted and named, with where to read why."""
    db = tmp_path / "own.db"
    database = open_database(db)
    upsert_articles(database, [{
        "url": LOCAL_COPY, "site": "abplive-hi", "language": "hi", "title": "शीर्षक", "body": "पाठ",
        "published_at": "2026-11-20T10:00:00+05:30", "published_date": "2026-11-20",
        "crawled_at": "2026-11-20T05:00:00+00:00", "content_hash": "x", "word_count": 1, "kind": "article",
    }], [])  # fmt: skip
    database.close()
    result = history_crawl(archive.base, db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "  1 capture of 127.0.0.1:8765: not an ABP host, not read — see docs/history.md" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "select count(*) from archive_captures where url = ?", [LOCAL_COPY]
        ).fetchone() == (0,)


def test_a_stopped_run_goes_on_where_it_stopped(archive: SimpleNamespace, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    first = history_crawl(archive.base, db, "-s", "CLOSESPIDER_ITEMCOUNT=1", "-s", "CONCURRENT_REQUESTS=1",
                          "-s", "ABPLIVE_ARCHIVE_CONCURRENCY=1")  # fmt: skip
    assert first.returncode == 0, first.stderr[-3000:]
    fetched_first = last_stats(db)["abplive/archive/www.abplive.com/fetched"]
    assert fetched_first < 5
    second = history_crawl(archive.base, db)
    assert second.returncode == 0, second.stderr[-3000:]
    # The captures read before are not fetched again; together every distinct capture once.
    assert last_stats(db)["abplive/archive/www.abplive.com/fetched"] + fetched_first == 5
    assert len(versions(db, archive.edited)) == 3


def test_an_archive_that_keeps_refusing_ends_the_run_with_one_line(
    archive: SimpleNamespace, tmp_path: Path
) -> None:
    db = tmp_path / "history.db"
    with RefusingProxy(archive.base.rsplit("/", 1)[0], refuse=-1, wait=0) as proxy:
        result = history_crawl(
            f"{proxy.origin}/abp", db, "-s", "RETRY_TIMES=1", "-s", "ABPLIVE_ARCHIVE_MAX_REFUSALS=2"
        )
    assert last_stats(db)["abplive/archive/refused"] == "http_429"
    lines = [line for line in result.stderr.splitlines() if "refused 2 requests in a row" in line]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert stored_articles(db) == {}


class _NotAnArchive(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>a blog</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_unknown_archive_or_a_url_that_is_no_cdx_server_is_one_line(tmp_path: Path) -> None:
    unknown = history_crawl("wayback-machine", tmp_path / "a.db")
    assert unknown.returncode == 1 and "-a archive=wayback-machine: expected ia" in unknown.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotAnArchive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/coll"
        result = history_crawl(url, tmp_path / "b.db")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "does not answer as a CDX server (HTTP 200, text/html)" in result.stderr
