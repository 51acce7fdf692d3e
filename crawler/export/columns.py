"""The dataset's columns (its features), and rows read from the archive as a table of them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pyarrow as pa

from crawler.export.language import SAMPLE
from crawler.export.source import ROW_COLUMNS

SCHEMA = pa.schema(
    [
        ("id", pa.string()),  # stable across exports: the URL's hash (a version's: "-v" and its number)
        ("url", pa.string()),
        ("site", pa.string()),
        ("language", pa.string()),  # the site's language (ISO 639-1)
        ("kind", pa.string()),  # article, liveblog, gallery, video
        ("title", pa.string()),
        ("summary", pa.string()),
        ("body", pa.string()),
        ("author", pa.string()),
        ("section", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("published_at", pa.string()),  # ISO 8601 with the page's offset
        ("modified_at", pa.string()),
        ("first_seen_at", pa.string()),
        ("version", pa.int32()),  # this row's version (the latest: version_count)
        ("version_count", pa.int32()),
        ("word_count", pa.int32()),
        ("content_hash", pa.string()),
        ("source", pa.string()),  # "live", or the WARC file it was replayed or backfilled from
        ("capture_id", pa.string()),  # the WARC record it was read from, where it was kept
        ("duplicate_cluster", pa.string()),  # the id of the cluster's earliest published row
        ("duplicate_cluster_size", pa.int32()),
        ("language_detected", pa.string()),
        ("language_confidence", pa.float32()),
        ("language_mismatch", pa.bool_()),  # detected language is not the site's, or too little text
    ]
)


# What the export gives ``dataset_table``: a row as read, after its id, duplicate mark and language check.
MARKED_COLUMNS = (
    "id", "duplicate_cluster", "duplicate_cluster_size", "language_detected", "language_confidence",
    "language_mismatch", *ROW_COLUMNS,
)  # fmt: skip


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def row_id(key: str) -> str:
    """A row's dataset id from its key (the URL, or ``URL#version`` for an earlier version)."""
    url, _, version = key.partition("#")
    return f"{article_id(url)}-v{version}" if version else article_id(url)


def language_text(title: str | None, body: bytes | None) -> str:
    """What the language check reads of a row: its title and its body's start (the body's first SAMPLE
    characters lie in its first 4 × SAMPLE bytes of UTF-8)."""
    return f"{title or ''}\n{(body or b'')[: 4 * SAMPLE].decode(errors='ignore')}"


def dataset_table(rows: list[tuple[Any, ...]]) -> pa.Table:
    """Rows of ``MARKED_COLUMNS`` (the body as UTF-8 bytes) as the dataset's table: tags decoded, the body
    taken as it is."""
    columns: dict[str, Any] = dict(zip(MARKED_COLUMNS, zip(*rows, strict=True), strict=True))
    columns["tags"] = [json.loads(tags) if tags else [] for tags in columns["tags"]]
    return pa.Table.from_pydict({name: columns[name] for name in SCHEMA.names}, schema=SCHEMA)
