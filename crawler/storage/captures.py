"""The index of captures: where each download is kept in the WARC files (``crawler.captures``).

Table ``captures``: one row per response or revisit record, keyed by its ``WARC-Record-ID``; an article row
and each of its versions name the capture they were read from (``capture_id``) and where that was (``source``:
``live`` for a fetch, else the WARC file a replay read). Plain sqlite-utils, no Scrapy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

CAPTURE_COLUMNS: dict[str, type] = {
    "record_id": str,
    "url": str,
    "warc_file": str,  # the file's name, in the capture folder
    "offset": int,  # of the record's gzip member in the file
    "length": int,  # of that member
    "fetched_at": str,
    "status": int,
    "record_type": str,  # response, or revisit for a 304
    "payload_digest": str,
}


def ensure_captures_schema(db: Database) -> None:
    captures = db.table("captures")
    captures.create(CAPTURE_COLUMNS, pk="record_id", if_not_exists=True)
    captures.create_index(["url", "fetched_at"], if_not_exists=True)


def write_captures(db: Database, rows: Iterable[Any]) -> None:
    """Index written records (``crawler.captures.writer.Written``, or dicts of the same fields)."""
    records = [row if isinstance(row, dict) else asdict(row) for row in rows]
    if records:
        with db.conn:
            db.table("captures").upsert_all(records, pk="record_id", batch_size=len(records))
