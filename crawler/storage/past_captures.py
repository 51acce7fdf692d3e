"""Captures read again (a replay of WARC files) that belong to the past of what the archive holds.

Two cases, both kept out of the publisher's history of edits:
- **a capture read again** (the archive holds content read from that ``capture_id``): a changed text is a
  re-extraction — the stored text is corrected in place, in the version read from that capture and in the
  row if its latest content came from it, and an ``article_events`` row ``reextracted`` says so;
- **an older capture** than the archive's latest sight of the article (a 2021 CC-NEWS page of an article
  stored in 2025): its content takes its place in the article's versions by its capture time; the article's
  row (its latest content) is never overwritten. Content the archive already has adds nothing, but an
  earlier capture of it moves ``first_seen_at`` back.
Plain sqlite-utils, no Scrapy; called by the store inside its batch's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from crawler.markup.dates import parse_datetime
from crawler.storage.article_texts import JOIN, column_source, without_text, write_texts
from crawler.storage.history import CONTENT_COLUMNS, event_row, version_row

# What a re-extraction may correct: everything the page gave, not when or how it was fetched.
CORRECTED = (
    "title", "summary", "body", "author", "published_at", "published_date", "modified_at", "section", "tags",
    "image_url", "word_count", "extraction", "content_hash",
)  # fmt: skip


def is_past(row: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Whether ``row`` (a page as extracted now) is the article's latest capture read again, or a capture
    older than the archive's last sight of the article."""
    if row.get("capture_id") and row["capture_id"] == stored.get("capture_id"):
        return True
    captured, last_seen = parse_datetime(row.get("crawled_at")), parse_datetime(stored.get("crawled_at"))
    return bool(captured and last_seen and captured < last_seen)


def write_past(db: Database, row: dict[str, Any], stored: dict[str, Any]) -> str:
    """Write one past capture (inside the caller's transaction); the outcome for the batch's counts:
    ``reextracted``, ``backfilled`` (an older version added) or ``unchanged``."""
    url = row["url"]
    read_before = _content_read_from(db, row, stored)
    if read_before is not None:
        return "unchanged" if row["content_hash"] == read_before else _reextract(db, row, stored)
    hashes = {stored["content_hash"]} | {
        digest for (digest,) in db.execute("select content_hash from article_versions where url = ?", [url])
    }
    earlier = _earlier(row.get("crawled_at"), stored.get("first_seen_at"))
    if row["content_hash"] in hashes:
        if earlier:
            db.execute("update articles set first_seen_at = ? where url = ?", [row["crawled_at"], url])
        return "unchanged"
    _insert_version_by_time(db, row, stored)
    history: dict[str, Any] = {"version_count": (stored["version_count"] or 1) + 1, "edited": 1}
    if earlier:
        history["first_seen_at"] = row["crawled_at"]
    db.table("articles").update(url, history)
    return "backfilled"


def _content_read_from(db: Database, row: dict[str, Any], stored: dict[str, Any]) -> str | None:
    """The content hash the archive holds from ``row``'s capture (the row's, or a version's); None if the
    archive has read nothing from that capture."""
    capture = row.get("capture_id")
    if not capture:
        return None
    if capture == stored.get("capture_id"):
        return stored["content_hash"]
    found = db.execute(
        "select content_hash from article_versions where url = ? and capture_id = ?", [row["url"], capture]
    ).fetchone()
    return found[0] if found else None


def _reextract(db: Database, row: dict[str, Any], stored: dict[str, Any]) -> str:
    url = row["url"]
    if row["capture_id"] == stored.get("capture_id"):  # the article's latest content came from it
        corrected = {column: row.get(column) for column in CORRECTED}
        db.table("articles").update(url, without_text(corrected))
        write_texts(db, [corrected | {"url": url}])
    db.execute(
        "update article_versions set title = ?, summary = ?, body = ?, content_hash = ? "
        "where url = ? and capture_id = ?",
        [row.get("title"), row.get("summary"), row.get("body"), row["content_hash"], url, row["capture_id"]],
    )
    db.table("article_events").insert(event_row(url, "reextracted", row.get("crawled_at")))
    return "reextracted"


def _insert_version_by_time(db: Database, row: dict[str, Any], stored: dict[str, Any]) -> None:
    """``row``'s content as a version between those captured before and after it, diffs recomputed."""
    url = row["url"]
    versions = db.table("article_versions")
    if (stored["version_count"] or 1) == 1:  # the row's content is its only version so far: written now
        current = _content(db, JOIN, "last_changed_at", "articles.url = ?", [url])
        versions.insert(version_row(current, 1, None), ignore=True)
    position = (
        1
        + db.execute(
            "select count(*) from article_versions where url = ? and captured_at <= ?",
            [url, row["crawled_at"]],
        ).fetchone()[0]
    )
    # Versions from that position on move up one: through negative numbers, so no key collides on the way.
    db.execute(
        "update article_versions set version = -version - 1 where url = ? and version >= ?", [url, position]
    )
    db.execute("update article_versions set version = -version where url = ? and version < 0", [url])
    before = _version(db, url, position - 1)
    versions.insert(version_row(row, position, before))
    after = _version(db, url, position + 1)
    if after is not None:
        rediffed = version_row(after, position + 1, row)
        versions.update((url, position + 1), {key: rediffed[key] for key in _DIFF_COLUMNS})


_DIFF_COLUMNS = ("previous_title", "words_added", "words_removed", "diff")


def _version(db: Database, url: str, version: int) -> dict[str, Any] | None:
    if version < 1:
        return None
    return _content(db, "article_versions", "captured_at", "url = ? and version = ?", [url, version])


def _content(
    db: Database, table: str, captured_at: str, where: str, params: list[Any]
) -> dict[str, Any] | None:
    """One content of an article as ``version_row`` reads it (``table``: article_versions, or the article
    joined to its text); ``captured_at``: its capture-time column."""
    qualified = column_source if table == JOIN else str
    columns = ", ".join(qualified(captured_at if name == "crawled_at" else name) for name in CONTENT_COLUMNS)
    found = db.execute(f"select {columns} from {table} where {where}", params).fetchone()
    return dict(zip(CONTENT_COLUMNS, found, strict=True)) if found else None


def _earlier(captured_at: str | None, first_seen_at: str | None) -> bool:
    captured, first = parse_datetime(captured_at), parse_datetime(first_seen_at)
    return bool(captured and first and captured < first)
