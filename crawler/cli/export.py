"""Export the archive for corpus builders.

``python -m crawler.cli.export DB --format parquet --out DIR [--versions] [--drop-duplicates]``: Parquet
shards by language, site and month with a dataset card, duplicates marked and languages checked, that
``datasets``, DuckDB and pandas load as they are; exported again into the same folder, only what changed is
written (``crawler.export``, docs/export.md).

``python -m crawler.cli.export DB [--out FILE]`` (``--format jsonl``): every article with all its versions, as
JSON Lines: one line per article, the ``articles`` row with its text (its latest content, tags decoded) with
``versions``, its rows of ``article_versions`` oldest first (empty for an article that never changed), and
``events``, its removals and returns; to standard output, or to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from crawler.storage.article_texts import ARTICLES_WITH_TEXT
from crawler.storage.schema import StoreError, check_archive


def articles_with_history(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Each article with its versions and events, in URL order, reading the tables side by side."""
    conn.row_factory = sqlite3.Row
    versions = conn.execute("select * from article_versions order by url, version")
    events = conn.execute("select url, event, at from article_events order by url, at")
    pending_version, pending_event = next(versions, None), next(events, None)
    for row in conn.execute(f"{ARTICLES_WITH_TEXT} order by articles.url"):
        article = dict(row)
        article["tags"] = json.loads(article["tags"] or "[]")
        article["versions"], article["events"] = [], []
        while pending_version is not None and pending_version["url"] <= article["url"]:
            if pending_version["url"] == article["url"]:
                article["versions"].append(dict(pending_version))
            pending_version = next(versions, None)
        while pending_event is not None and pending_event["url"] <= article["url"]:
            if pending_event["url"] == article["url"]:
                article["events"].append(dict(pending_event))
            pending_event = next(events, None)
        yield article


def export(db: Path, out: TextIO) -> int:
    count = 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for article in articles_with_history(conn):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            count += 1
    return count


def positive_int(text: str) -> int:
    """A whole number of at least 1, or argparse's one-line error."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export the archive: Parquet shards, or JSON Lines")
    parser.add_argument("db", type=Path)
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--out", type=Path, help="jsonl: file (default: standard output); parquet: folder")
    parser.add_argument("--versions", action="store_true", help="parquet: every version a row of its own")
    parser.add_argument("--drop-duplicates", action="store_true", help="parquet: one row per cluster")
    parser.add_argument(
        "--workers", type=positive_int, default=os.cpu_count() or 1,
        help="parquet: processes that fingerprint the texts (default: one a core)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        check_archive(args.db)
    except StoreError as exc:
        parser.exit(2, f"export: {exc}\n")
    if args.format == "parquet":
        if args.out is None:
            parser.exit(2, "export: --format parquet needs --out DIR\n")
        from crawler.export.parquet import ExportError
        from crawler.export.parquet import export as export_parquet

        try:
            result = export_parquet(args.db, args.out, args.versions, args.drop_duplicates, args.workers)
        except ExportError as exc:
            parser.exit(2, f"export: {exc}\n")
        print(
            f"export: {result.rows:,} rows in {result.shards} shards ({result.groups} site-months written, "
            f"{result.duplicates:,} duplicates marked, {result.mismatched:,} not in their site's language, "
            f"{result.removed:,} takedowns listed) in {args.out}, {result.seconds:.0f} s",
            file=sys.stderr,
        )
        return 0
    if args.out is None:
        export(args.db, sys.stdout)
        return 0
    with args.out.open("w", encoding="utf-8") as out:
        count = export(args.db, out)
    print(f"export: {count} articles written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
