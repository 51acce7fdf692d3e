"""Stage 1 of a backfill, one WARC file: every record judged by its WARC headers (FastWARC, through
``crawler.captures.reader``), each wanted ABP page made into what the archive stores — the crawl's own
extraction, cleaning and validation, as a replay (``-a warc=``) makes it — and written to a shard, with the
raw records copied into a small WARC file beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler.backfill.shards import FileReport, shard_path, warc_path, write_shard
from crawler.captures.reader import Captured, CaptureReader, Skipped, Unreadable, open_source, source_size
from crawler.cleaning.article import clean_article
from crawler.components.pages import capture_time, page_article
from crawler.components.replay import captured_response
from crawler.options import CrawlOptions, parse_options
from crawler.storage.batches import article_row, dropped_row
from crawler.validation import drop_reason


def selection(arguments: dict[str, str], today: date) -> CrawlOptions:
    """The sites, window and kinds of a backfill, from the crawl's own arguments (``site``, ``since``,
    ``until``, ``kinds``: the same meaning and checks); no ``since``: every publication day."""
    options = parse_options(arguments, today=today, default_days=0)
    return options if arguments.get("since") else replace(options, since=None, sitemap_days=())


def scan_file(source: str, options: CrawlOptions, work_dir: Path, rank: int) -> FileReport:
    """Read ``source`` (a local path or an ``http(s)://`` / ``s3://`` URL) into shard ``rank`` of
    ``work_dir``; a file that cannot be read at all gives a shard that says why."""
    report = FileReport(file=source)
    lines: list[tuple[str, dict[str, Any]]] = []
    copies: list[tuple[int, int]] = []  # (offset, length) of the records to keep
    try:
        for entry in CaptureReader(options.not_replayed).read(source):
            report.records += 1
            if isinstance(entry, Skipped):
                report.count(f"skipped/{entry.kind}")
            elif isinstance(entry, Unreadable):
                report.records -= 1
                report.error = f"unreadable at offset {entry.offset}: {entry.message}"
            else:
                lines += _stored(entry, options, report)
                copies.append((entry.offset, entry.length))
        report.size = source_size(source)
    except OSError as exc:
        report.error = report.error or f"{type(exc).__name__}: {exc}"
    if copies:
        _copy_records(source, copies, warc_path(work_dir, rank))
    write_shard(shard_path(work_dir, rank), report, lines)
    return report


def _stored(entry: Captured, options: CrawlOptions, report: FileReport) -> list[tuple[str, dict[str, Any]]]:
    """What the archive gets of one capture: its row or drop, and its index entry."""
    target = options.target_by_host(entry.url)
    assert target is not None  # not_replayed let only the selected sites' pages through
    capture = {
        "record_id": entry.record_id, "url": entry.url, "warc_file": entry.warc_file, "offset": entry.offset,
        "length": entry.length, "fetched_at": entry.fetched_at, "status": entry.status,
        "record_type": "response", "payload_digest": None,
    }  # fmt: skip
    article = page_article(captured_response(entry), target.site, capture_time(entry.fetched_at))
    if article is None:
        report.count("dropped/not_html")
        return [("capture", capture)]
    article.capture_id, article.source = entry.record_id, entry.warc_file
    clean_article(article)
    reason = drop_reason(ItemAdapter(article), options.window)
    if reason:
        report.count(f"dropped/{reason}")
        return [("drop", dropped_row(article, reason)), ("capture", capture)]
    report.count(f"found/{article.kind}")
    return [("row", article_row(article)), ("capture", capture)]


def _copy_records(source: str, copies: list[tuple[int, int]], target: Path) -> None:
    """The wanted records' bytes as they are in ``source`` (gzip members stay members)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with open_source(source) as stream, open(partial, "wb") as out:
        for offset, length in copies:
            stream.seek(offset)
            out.write(stream.read(length))
    partial.replace(target)
