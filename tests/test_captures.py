"""Captures: every download kept as fetched in WARC files, and read back (replayed) through the same pipeline.

WARC inputs are written with warcio, as the issue asks; the project's own files are checked with warcio too.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.captures.reader import Captured, CaptureReader, Skipped, Unreadable
from crawler.captures.writer import CaptureWriter, Exchange, new_record_id, payload_digest
from crawler.storage.article_texts import JOIN
from tests.crawlrun import REPO, crawl_command, run_crawl, stored_articles
from tests.golden import FIXTURES
from tests.localsite import LocalSite
from tests.processes import alive, children

WARCIO = str(Path(sys.executable).with_name("warcio"))
CONTENT = ("title", "summary", "body", "author", "published_at", "section", "tags", "image_url", "language")
GOLDEN = FIXTURES / "golden" / "abplive-hi"


def exchange(url: str, status: int = 200, body: bytes = b"<html>x</html>", **headers: str) -> Exchange:
    return Exchange(
        url=url, method="GET", request_headers=[("User-Agent", "test"), ("Accept-Encoding", "gzip")],
        request_body=b"", protocol="HTTP/1.1", status=status, reason="OK",
        headers=[("Content-Type", "text/html; charset=utf-8"), *headers.items()], body=body,
        ip_address="127.0.0.1", fetched_at=datetime(2026, 11, 25, 4, 15, tzinfo=UTC),
        record_id=new_record_id(),
    )  # fmt: skip


def records(path: Path) -> list[SimpleNamespace]:
    with open(path, "rb") as stream:
        found = []
        iterator = ArchiveIterator(stream)
        for record in iterator:
            found.append(
                SimpleNamespace(
                    type=record.rec_type, headers=record.rec_headers, http=record.http_headers,
                    payload=record.raw_stream.read(), offset=iterator.get_record_offset(),
                )
            )  # fmt: skip
        return found


def test_an_exchange_is_a_linked_request_and_response_with_the_raw_body(tmp_path: Path) -> None:
    writer = CaptureWriter(tmp_path, {"software": "abplive-crawler"})
    raw = gzip.compress("<html>नमस्ते</html>".encode())
    sent = exchange("https://www.abplive.com/news/india/a-1?page=2", body=raw, **{"Content-Encoding": "gzip"})
    written = writer.write(sent)
    writer.close()
    [path] = tmp_path.iterdir()
    assert path.name == written.warc_file and path.name.startswith("ABPLIVE-") and path.suffix == ".gz"
    info, response, request = records(path)
    assert info.type == "warcinfo" and info.headers.get_header("WARC-Filename") == path.name
    assert response.type == "response" and response.offset == written.offset
    assert response.headers.get_header("WARC-Record-ID") == sent.record_id
    assert response.headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response.http.statusline == "200 OK" and response.http.get_header("Content-Encoding") == "gzip"
    assert response.payload == raw  # as received, still encoded
    assert response.headers.get_header("WARC-Payload-Digest") == written.payload_digest
    assert request.type == "request" and request.headers.get_header("WARC-Concurrent-To") == sent.record_id
    assert request.http.protocol == "GET" and request.http.statusline.startswith("/news/india/a-1?page=2")
    check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_304_is_a_server_not_modified_revisit(tmp_path: Path) -> None:
    writer = CaptureWriter(tmp_path, {})
    written = writer.write(exchange("https://www.abplive.com/news/a-1", status=304, body=b""))
    writer.close()
    [path] = tmp_path.iterdir()
    revisit = records(path)[1]
    assert written.record_type == "revisit" and revisit.type == "revisit"
    assert revisit.headers.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert revisit.http.get_statuscode() == "304"


def test_files_rotate_and_only_closed_ones_lose_the_open_suffix(tmp_path: Path) -> None:
    writer = CaptureWriter(tmp_path, {}, max_bytes=2_000)
    for n in range(6):
        writer.write(exchange(f"https://www.abplive.com/news/a-{n}", body=random.Random(n).randbytes(3_000)))
    open_now = [p.name for p in tmp_path.iterdir() if p.name.endswith(".open")]
    writer.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6 and not any(name.endswith(".open") for name in names)
    assert [name.split("-")[-1] for name in names] == [f"{n:05d}.warc.gz" for n in range(1, 7)]
    assert open_now == []  # the last file passed the size: closed at once


def test_a_killed_crawls_file_is_read_up_to_its_last_whole_record(tmp_path: Path) -> None:
    writer = CaptureWriter(tmp_path / "w", {})
    written = [
        writer.write(exchange(f"https://www.abplive.com/news/india/story-{n}-100{n}")) for n in range(3)
    ]
    # Killed: never closed, and the third response half written.
    [path] = (tmp_path / "w").iterdir()
    assert path.name.endswith(".warc.gz.open")
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[: written[2].offset + written[2].length // 2])
    entries = list(CaptureReader(lambda url: None).read(cut))
    replayed = [entry for entry in entries if isinstance(entry, Captured)]
    assert [entry.url.rsplit("/", 1)[1] for entry in replayed] == ["story-0-1000", "story-1-1001"]
    [error] = [entry for entry in entries if isinstance(entry, Unreadable)]
    assert error.warc_file == "cut.warc.gz" and error.offset > replayed[-1].offset


def warc_record(writer: WARCWriter, url: str, status: str, body: bytes, headers: list, **warc: str) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=warc
    )
    writer.write_record(record)


def golden_page(case: str) -> tuple[str, bytes]:
    meta = json.loads((GOLDEN / case / "meta.json").read_text(encoding="utf-8"))
    return meta["url"], (GOLDEN / case / "page.html").read_bytes()


@pytest.fixture
def cc_news(tmp_path: Path) -> Path:
    """A CC-NEWS-like file: ABP articles, other hosts, a video page, a 404, a revisit, a mislabelled charset
    on a decoded payload that still says gzip, and a truncated last record."""
    full_url, full = golden_page("abp-full")
    jsonld_url, jsonld = golden_page("abp-jsonld")
    uikit_url, uikit = golden_page("uikit-byline")
    html = [("Content-Type", "text/html; charset=utf-8")]
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.0")
    warc_record(writer, full_url, "200 OK", full, html, **{"WARC-Date": "2025-03-01T10:00:00Z"})
    # Decoded by the crawler but still announcing gzip and chunking, and Latin-1 for UTF-8 bytes (CC-NEWS).
    mislabelled = [("Content-Type", "text/html; charset=ISO-8859-1"), ("Content-Encoding", "gzip"),
                   ("Transfer-Encoding", "chunked")]  # fmt: skip
    warc_record(writer, jsonld_url, "200 OK", jsonld, mislabelled)
    warc_record(writer, "https://www.example.com/news/other-1234567", "200 OK", full, html)
    warc_record(writer, "https://www.abplive.com/videos/news/some-video-1234567", "200 OK", full, html)
    warc_record(
        writer, "https://www.abplive.com/news/india/gone-story-1234567", "404 Not Found", b"gone", html
    )
    # The same page a day later, deduplicated as a revisit of its payload's digest.
    revisit = writer.create_revisit_record(
        full_url, payload_digest(full), full_url, "2025-03-01T10:00:00Z",
        http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2025-03-02T10:00:00Z"},
    )  # fmt: skip
    writer.write_record(revisit)
    request = writer.create_warc_record(full_url, "request", payload=io.BytesIO(b""), length=0)
    writer.write_record(request)
    warc_record(writer, uikit_url, "200 OK", uikit, html)
    data = buffer.getvalue()
    path = tmp_path / "CC-NEWS-20250301100000-00001.warc.gz"
    path.write_bytes(data[:-200])  # the last record (the UIkit page) truncated
    return path


def test_the_reader_skips_by_kind_and_resolves_a_revisit(cc_news: Path) -> None:
    def wanted(url: str) -> str | None:
        return None if url.startswith("https://www.abplive.com/") and "/videos/" not in url else "other"

    entries = list(CaptureReader(wanted).read(cc_news))
    replayed = [entry for entry in entries if isinstance(entry, Captured)]
    assert [entry.url.rsplit("/", 1)[-1] for entry in replayed] == [
        "sonia-gandhi-message-congress-leaders-social-media-1398123",
        golden_page("abp-jsonld")[0].rsplit("/", 1)[-1],
        "sonia-gandhi-message-congress-leaders-social-media-1398123",
    ]
    assert replayed[2].body == replayed[0].body  # the revisit carries the payload it repeats
    mislabelled = dict(replayed[1].headers)
    assert mislabelled["Content-Type"] == "text/html; charset=utf-8" and "Content-Encoding" not in mislabelled
    kinds = sorted(entry.kind for entry in entries if isinstance(entry, Skipped))
    assert kinds == ["other", "other", "request", "status_404"]
    assert isinstance(entries[-1], Unreadable) and entries[-1].offset > replayed[-1].offset


def test_a_third_party_warc_stores_exactly_its_abp_articles(cc_news: Path, tmp_path: Path) -> None:
    db = tmp_path / "cc.db"
    # Articles only (-a kinds): the file's video page is counted as skipped.
    run = run_crawl(
        "-a", f"warc={cc_news}", "-a", "kinds=article", "-s", f"SQLITE_PATH={db}", "-s", "LOG_LEVEL=INFO"
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    stored = stored_articles(db)
    full_url, jsonld_url = golden_page("abp-full")[0], golden_page("abp-jsonld")[0].split("?")[0]
    assert set(stored) == {full_url, jsonld_url}
    expected = json.loads((GOLDEN / "abp-jsonld" / "expected.json").read_text(encoding="utf-8"))
    assert stored[jsonld_url]["title"] == expected["title"]  # decoded as UTF-8, not Latin-1
    assert stored[full_url]["source"] == cc_news.name
    # Seen again, unchanged, by the revisit a day later: read from its first capture, last seen at the second.
    assert stored[full_url]["crawled_at"] == "2025-03-02T10:00:00+00:00"
    with sqlite3.connect(db) as conn:
        indexed = conn.execute(
            "select warc_file from captures where record_id = ?", [stored[full_url]["capture_id"]]
        ).fetchall()
        stats = json.loads(conn.execute("select stats from crawls").fetchone()[0])
    assert indexed == [(cc_news.name,)]
    assert stats["abplive/replay/skipped/other_host"] == 1
    assert stats["abplive/replay/skipped/not_article_video"] == 1
    assert stats["abplive/replay/skipped/status_404"] == 1
    assert stats["abplive/replay/skipped/request"] == 1
    assert stats["abplive/replay/corrupt"] == 1
    assert f"unreadable WARC {cc_news.name} at offset" in run.stderr


@pytest.fixture(scope="module")
def captured_crawl(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("captured")
    db, warcs = folder / "live.db", folder / "warc"
    with LocalSite() as site:
        args = ("-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "since=2026-11-20")
        run = run_crawl(*args, "-s", f"SQLITE_PATH={db}", "-s", f"ABPLIVE_WARC_DIR={warcs}")
        requests = len(site.requests)
        origin = site.origin
    # Every server is stopped now: the replay reads the files alone, with the crawl's window.
    replay_db = folder / "replay.db"
    replay = run_crawl(
        "-a", f"base_url={origin}", "-a", "since=2026-11-20", "-a", f"warc={warcs}",
        "-s", f"SQLITE_PATH={replay_db}",
    )  # fmt: skip
    return SimpleNamespace(
        db=db, warcs=warcs, run=run, requests=requests, replay_db=replay_db, replay=replay, origin=origin
    )


def test_a_capturing_crawl_writes_every_download_to_closed_warc_files(captured_crawl) -> None:
    assert captured_crawl.run.returncode == 0, captured_crawl.run.stderr[-3000:]
    files = list(captured_crawl.warcs.iterdir())
    assert files and all(path.name.endswith(".warc.gz") for path in files)
    responses = [r for path in files for r in records(path) if r.type in ("response", "revisit")]
    # robots.txt, sitemaps, feeds, listings, articles and 404s: every download, none more.
    assert len(responses) == captured_crawl.requests
    urls = {r.headers.get_header("WARC-Target-URI") for r in responses}
    assert captured_crawl.origin + "/robots.txt" in urls
    assert any(r.http.get_statuscode() == "404" for r in responses)
    for path in files:
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr


def test_every_stored_article_names_its_indexed_capture(captured_crawl) -> None:
    with sqlite3.connect(captured_crawl.db) as conn:
        rows = conn.execute(
            "select a.url, a.source, c.url, c.status, c.warc_file from articles a "
            "left join captures c on c.record_id = a.capture_id"
        ).fetchall()
        captures = conn.execute("select count(*) from captures").fetchone()[0]
    assert rows and captures == captured_crawl.requests
    for url, source, captured_url, status, warc_file in rows:
        assert source == "live" and status == 200 and captured_url.split("?")[0] == url, (url, captured_url)
        assert (captured_crawl.warcs / warc_file).is_file()


def test_replaying_the_captures_with_the_site_stopped_stores_the_same_articles(captured_crawl) -> None:
    assert captured_crawl.replay.returncode == 0, captured_crawl.replay.stderr[-3000:]
    live, replayed = stored_articles(captured_crawl.db), stored_articles(captured_crawl.replay_db)
    assert set(replayed) == set(live)
    for url, row in live.items():
        for column in CONTENT:
            assert replayed[url][column] == row[column], (url, column)
        assert replayed[url]["capture_id"] == row["capture_id"]
        assert replayed[url]["source"].endswith(".warc.gz")


def test_replaying_into_the_archive_after_a_rule_fix_corrects_text_as_a_reextraction(captured_crawl) -> None:
    """The archive held a wrong text (a rule since fixed); the same captures read again correct it, recorded
    as a re-extraction: no new version, no publisher's edit."""
    url = captured_crawl.origin + "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
    with sqlite3.connect(captured_crawl.db) as conn:
        right = conn.execute(f"select body from {JOIN} where url = ?", [url]).fetchone()[0]
        conn.execute("update articles set content_hash = 'wrong' where url = ?", [url])
        conn.execute(
            "update article_texts set body = 'गलत' where id = (select rowid from articles where url = ?)",
            [url],
        )
    run = run_crawl(
        "-a", f"base_url={captured_crawl.origin}", "-a", "since=2026-11-20",
        "-a", f"warc={captured_crawl.warcs}", "-s", f"SQLITE_PATH={captured_crawl.db}",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    with sqlite3.connect(captured_crawl.db) as conn:
        body, versions, edited = conn.execute(
            f"select body, version_count, edited from {JOIN} where url = ?", [url]
        ).fetchone()
        events = conn.execute("select event from article_events where url = ?", [url]).fetchall()
    assert body == right and versions == 1 and edited == 0
    assert events == [("reextracted",)]


def test_a_crawl_killed_outright_leaves_readable_captures_and_no_writer_behind(tmp_path: Path) -> None:
    warcs = tmp_path / "warc"
    with LocalSite(delay=0.1) as site:
        paths = site.add_synthetic_articles(40, date(2026, 11, 25), "2026-11-25T10:00:00+05:30")
        crawl = subprocess.Popen(
            crawl_command(
                "-a", f"base_url={site.origin}", "-a", "since=2026-11-25", "-a", "until=2026-11-25",
                "-s", f"SQLITE_PATH={tmp_path / 'a.db'}", "-s", f"ABPLIVE_WARC_DIR={warcs}",
                "-s", "CONCURRENT_REQUESTS=2",
            ),
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while sum(site.requests.count(path) for path in paths) < 10:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        writers = children(crawl.pid)
        crawl.kill()
        crawl.wait(timeout=30)
    assert writers, "the capture writer runs as a process of its own"
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in writers):
        assert time.monotonic() < deadline, "the capture writer outlived its crawl"
        time.sleep(0.1)
    entries = [entry for path in warcs.iterdir() for entry in CaptureReader(lambda url: None).read(path)]
    assert not [entry for entry in entries if isinstance(entry, Unreadable)]
    assert len([entry for entry in entries if isinstance(entry, Captured)]) >= 10
