"""The ``backfill_files`` table: every WARC file a backfill has stored, with its size and record count, so
that a backfill started again skips it, and every one it could not read, with why (a later run tries it
again)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

BACKFILL_FILE_COLUMNS: dict[str, type] = {
    "file": str,  # the path or URL as given (a listing's entries resolved)
    "size": int,
    "records": int,
    "articles": int,  # rows stored (new, updated, unchanged or re-extracted)
    "counts": str,  # JSON: pages found, dropped and skipped by kind
    "error": str,  # why it could not be read (null: read whole)
    "ingested_at": str,
}


def ensure_backfill_files_schema(db: Database) -> None:
    db.table("backfill_files").create(BACKFILL_FILE_COLUMNS, pk="file", if_not_exists=True)


def record_file(db: Database, row: dict[str, Any]) -> None:
    with db.conn:
        db.table("backfill_files").upsert(
            row | {"counts": json.dumps(row.get("counts") or {}, sort_keys=True)}, pk="file"
        )


def stored_files(db: Database) -> dict[str, int]:
    """The files stored whole by earlier backfills, with the articles each stored."""
    if not db.table("backfill_files").exists():
        return {}
    return dict(db.execute("select file, articles from backfill_files where error is null").fetchall())
