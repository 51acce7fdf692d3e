"""What a history crawl from a web archive (``-a archive=``) has read: ``archive_captures``, every capture it
fetched and what became of it, and ``archive_cursors``, how far it listed each (archive, host, window).

A capture's row is written by the store right after the article it gave (a killed run leaves no row for a
capture whose article was not stored, so the next run fetches it again); a capture that gave nothing
(not HTML, a redirect, truncated) is written when it is judged. A capture whose digest equals one already
read for that URL is not fetched (``stored_digests``). A window's cursor is the last slice of it (a day, or
one of Common Crawl's crawls) whose captures were all read: a later run lists from the slice after it.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

ARCHIVE_CAPTURE_COLUMNS: dict[str, type] = {
    "archive": str,  # "wayback", "commoncrawl", or a pywb collection's URL
    "url": str,  # the article's URL (query string removed, as stored)
    "timestamp": str,  # the capture's 14-digit time, as the index gives it (UTC)
    "digest": str,  # the index's payload digest
    "outcome": str,  # "stored" (an article row or version), or why not: "dropped_<reason>", "not_html", …
}
ARCHIVE_CURSOR_COLUMNS: dict[str, type] = {
    "archive": str,
    "host": str,
    "window": str,  # "<since>/<until>": the capture days asked of the index
    "done_through": str,  # the last slice whose captures were all read
    "listed": int,  # captures the index named in the slices done
    "finished_at": str,  # when the whole window was read (null: not yet)
}


def ensure_archive_captures_schema(db: Database) -> None:
    db.table("archive_captures").create(
        ARCHIVE_CAPTURE_COLUMNS, pk=("archive", "url", "timestamp"), if_not_exists=True
    )
    db.table("archive_captures").create_index(["url", "digest"], if_not_exists=True)
    cursors = db.table("archive_cursors")
    cursors.create(ARCHIVE_CURSOR_COLUMNS, pk=("archive", "host", "window"), if_not_exists=True)


def record_captures(db: Database, rows: list[dict[str, Any]]) -> None:
    """Write capture rows (inside the caller's transaction, if any); a capture read again replaces its row."""
    if rows:
        db.table("archive_captures").upsert_all(rows, pk=("archive", "url", "timestamp"))


def stored_digests(db: Database, urls: list[str]) -> dict[str, set[str]]:
    """URL -> the digests of its captures already read, from any archive."""
    found: dict[str, set[str]] = {}
    for first in range(0, len(urls), 500):
        chunk = urls[first : first + 500]
        marks = ",".join("?" * len(chunk))
        for url, digest in db.execute(
            f"select url, digest from archive_captures where url in ({marks}) and digest is not null", chunk
        ):
            found.setdefault(url, set()).add(digest)
    return found


def cursor(db: Database, archive: str, host: str, window: str) -> dict[str, Any] | None:
    found = db.execute(
        "select done_through, listed, finished_at from archive_cursors where archive = ? and host = ? "
        "and window = ?",
        [archive, host, window],
    ).fetchone()
    return dict(zip(("done_through", "listed", "finished_at"), found, strict=True)) if found else None


def save_cursor(db: Database, row: dict[str, Any]) -> None:
    with db.conn:
        db.table("archive_cursors").upsert(row, pk=("archive", "host", "window"))


def newest_capture(db: Database, archive: str) -> str | None:
    """The newest capture time (14 digits) read from ``archive`` by any earlier run, or None."""
    return db.execute("select max(timestamp) from archive_captures where archive = ?", [archive]).fetchone()[
        0
    ]


def crawled_hosts(db: Database) -> set[str]:
    """The hosts (with their port) of the archive's articles: a copy's, such as 127.0.0.1:8765, among them."""
    rest = "substr(url, instr(url, '://') + 3)"
    rows = db.execute(f"select distinct substr({rest}, 1, instr({rest} || '/', '/') - 1) from articles")
    return {host for (host,) in rows if host}
