"""The dataset's columns (its features), and an archive row as one dataset row."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pyarrow as pa

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


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def dataset_row(row: dict[str, Any]) -> dict[str, Any]:
    """An archive row (``articles`` with its text, or a version joined to its article) as a dataset row,
    before the duplicate and language columns are known."""
    version = row.get("version") or row.get("version_count") or 1
    latest = version == (row.get("version_count") or 1)
    base = article_id(row["url"])
    return {
        "id": base if latest else f"{base}-v{version}",
        "url": row["url"], "site": row["site"], "language": row["language"], "kind": row.get("kind"),
        "title": row.get("title"), "summary": row.get("summary"), "body": row.get("body"),
        "author": row.get("author"), "section": row.get("section"),
        "tags": json.loads(row["tags"]) if row.get("tags") else [],
        "published_at": row.get("published_at"), "modified_at": row.get("modified_at"),
        "first_seen_at": row.get("first_seen_at"), "version": version,
        "version_count": row.get("version_count") or 1,
        "word_count": len((row.get("body") or "").split()) if not latest else row.get("word_count"),
        "content_hash": row.get("content_hash"), "source": row.get("source"),
        "capture_id": row.get("capture_id"),
    }  # fmt: skip
