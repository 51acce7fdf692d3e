"""The Wayback Machine's and Common Crawl's parts of a history crawl, on their recorded index answers served
from 127.0.0.1: what is asked of each index (filters, collapse, window, paging), how Common Crawl's crawls
become the window's slices, and where each capture's bytes are fetched from (a raw replay URL; a byte range
of a WARC file). The answers are these servers' formats (docs/history.md), recorded, not made up per test."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import cdx_toolkit.commoncrawl
import cdx_toolkit.myrequests
import pytest

from crawler.archives.index import ArchiveIndex
from crawler.archives.responses import ArchivedCapture
from crawler.archives.sources import archive_for

HOST = "www.abplive.com"
ARTICLE = "https://www.abplive.com/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
# The Wayback Machine's CDX answer with output=json: a header row of its own field names, then one row a
# capture (a revisit has mimetype warc/revisit and statuscode "-"; the filter keeps it out server-side).
WAYBACK_ANSWER = [
    ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
    ["com,abplive)/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123", "20261120040012",
     ARTICLE, "text/html", "200", "B2ITMUNI5L6ETHKU63SNFF5LFHP4BJ7F", "28761"],
    ["com,abplive)/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123", "20261120091544",
     ARTICLE + "?utm_source=whatsapp", "text/html", "200", "67XCNRHXKWCL7564QKN64IL6T3ZBFYZA", "28802"],
]  # fmt: skip
# Common Crawl's index server (pywb): one JSON object a line, with where the record is in which WARC file.
CC_ANSWER = {
    "urlkey": "com,abplive)/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123",
    "timestamp": "20261121063002", "url": ARTICLE, "mime": "text/html", "mime-detected": "text/html",
    "status": "200", "digest": "B2ITMUNI5L6ETHKU63SNFF5LFHP4BJ7F", "length": "28761", "offset": "771214871",
    "filename": "crawl-data/CC-MAIN-2026-47/segments/1763000000000.12/warc/CC-MAIN-20261121-00042.warc.gz",
    "languages": "hin", "encoding": "UTF-8",
}  # fmt: skip


def crawl_names() -> list[str]:
    """Weekly crawl names as collinfo.json lists them (newest first), 2025 to late 2026."""
    weeks = [f"CC-MAIN-{year}-{week:02d}" for year in (2025, 2026) for week in range(1, 53)]
    return [name for name in weeks if name <= "CC-MAIN-2026-49"][::-1]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SimpleNamespace]:
    asked: list[tuple[str, dict[str, list[str]]]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            asked.append((parts.path, query))
            page = int(query.get("page", ["0"])[0])
            status, body = 404, b""
            if parts.path == "/cc/collinfo.json":
                origin = f"http://127.0.0.1:{self.server.server_address[1]}"
                crawls = [{"id": name, "cdx-api": f"{origin}/cc/{name}-index"} for name in crawl_names()]
                status, body = 200, json.dumps(crawls).encode()
            elif parts.path == "/wayback/cdx":
                status, body = 200, (json.dumps(WAYBACK_ANSWER).encode() if page == 0 else b"")
            elif parts.path.startswith("/cc/CC-MAIN-"):
                # Past its last page the index server answers 400.
                status, body = (200, json.dumps(CC_ANSWER).encode() + b"\n") if page == 0 else (400, b"")
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # cdx_toolkit spaces requests to a host and caches the crawl list in the home folder: neither here.
    monkeypatch.setattr(
        cdx_toolkit.myrequests, "retry_info", {"default": {"next_fetch": 0, "minimum_interval": 0}}
    )
    monkeypatch.setattr(cdx_toolkit.commoncrawl, "CACHE_DIR", f"{tmp_path}/")
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    endpoints = {
        "wayback_cdx": f"{origin}/wayback/cdx", "wayback_replay": "https://web.archive.org/web",
        "cc_index": f"{origin}/cc/", "cc_data": "https://data.commoncrawl.org",
    }  # fmt: skip
    try:
        yield SimpleNamespace(endpoints=endpoints, asked=asked)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_wayback_machine_is_asked_a_day_at_a_time_for_html_200_collapsed_by_digest(
    recorded: SimpleNamespace,
) -> None:
    archive = archive_for("ia", recorded.endpoints)
    index = ArchiveIndex(archive)
    parts = index.slices(date(2026, 11, 20), date(2026, 11, 22))
    assert (parts[0].name, parts[0].first, parts[0].last) == ("20261120", "20261120000000", "20261120235959")
    assert len(parts) == 3
    captures = index.captures(HOST, parts[0])
    assert [(c.url, c.timestamp, c.digest) for c in captures] == [
        (ARTICLE, "20261120040012", "B2ITMUNI5L6ETHKU63SNFF5LFHP4BJ7F"),
        (ARTICLE + "?utm_source=whatsapp", "20261120091544", "67XCNRHXKWCL7564QKN64IL6T3ZBFYZA"),
    ]
    path, query = recorded.asked[0]
    assert path == "/wayback/cdx" and query["url"] == [f"{HOST}/*"] and query["collapse"] == ["digest"]
    # The Wayback Machine's own field names in its filters; the window's day as from/to.
    assert sorted(query["filter"]) == ["mimetype:text/html", "statuscode:200"]
    assert (query["from"], query["to"]) == (["20261120000000"], ["20261120235959"])
    # Its raw capture: the original bytes, at the index's timestamp.
    fetched = ArchivedCapture(archive, HOST, captures[1])
    assert fetched.fetch_url == f"https://web.archive.org/web/20261120091544id_/{ARTICLE}?utm_source=whatsapp"
    assert fetched.headers == {} and fetched.source == "wayback@20261120091544"


def test_common_crawl_slices_the_window_by_its_crawls_and_fetches_a_byte_range(
    recorded: SimpleNamespace,
) -> None:
    archive = archive_for("cc", recorded.endpoints)
    index = ArchiveIndex(archive)
    since, until = date(2026, 11, 20), date(2026, 11, 23)
    parts = index.slices(since, until)
    names = [part.name for part in parts]
    # The crawls around the window, oldest first; not all of the hundred listed.
    assert names == sorted(names) and 1 <= len(names) <= 4 and "CC-MAIN-2026-47" in names
    assert all(part.first == "20261120000000" and part.last == "20261123235959" for part in parts)
    captures = index.captures(HOST, parts[names.index("CC-MAIN-2026-47")])
    assert [(c.url, c.timestamp, c.offset, c.length) for c in captures] == [
        (ARTICLE, "20261121063002", 771214871, 28761)
    ]
    crawl_queries = [(path, query) for path, query in recorded.asked if path.endswith("-index")]
    assert crawl_queries[0][0] == "/cc/CC-MAIN-2026-47-index"
    assert sorted(crawl_queries[0][1]["filter"]) == ["mime:text/html", "status:200"]
    fetched = ArchivedCapture(archive, HOST, captures[0])
    assert fetched.fetch_url == f"https://data.commoncrawl.org/{CC_ANSWER['filename']}"
    assert fetched.headers == {"Range": f"bytes=771214871-{771214871 + 28761 - 1}"}
    assert fetched.source == "commoncrawl@20261121063002"
