"""An article's history as its page shows it: every version with when and where it was read, and what
changed from the version before (the stored word diff, its marks as ``<del>`` and ``<ins>``)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from crawler.reading.dates import readable_time

WAYBACK = "wayback"
COMMONCRAWL = "commoncrawl"
# A stored row's source when its content came from a web archive's capture: "<archive>@<timestamp>", the
# archive "wayback", "commoncrawl" or a pywb collection's URL, the timestamp its index's (14 digits, UTC).
_ARCHIVE_SOURCE = re.compile(r"^(?P<archive>.+)@(?P<timestamp>\d{14})$")
# The stored diff's marks (crawler.storage.diffs): [-removed words-] and {+added words+}.
_CHANGE = re.compile(r"\[-(?P<removed>.*?)-\]|\{\+(?P<added>.*?)\+\}", re.DOTALL)


@dataclass(frozen=True)
class Version:
    number: int
    captured_at: str | None  # as stored (ISO)
    when: str  # as a reader reads it
    source: str  # where the text was read, in words
    capture_id: str | None
    link: str | None  # the capture in its web archive's replay
    words_added: int | None
    words_removed: int | None
    previous_title: str | None
    diff_html: str  # escaped text, changes marked; '' for the first version or no change


def timeline(rows: list[dict[str, Any]], language: str) -> list[Version]:
    """The versions of an article (``article_versions`` rows), oldest first."""
    return [
        Version(
            number=row["version"],
            captured_at=row.get("captured_at"),
            when=readable_time(row.get("captured_at"), language),
            source=source_label(row.get("source")),
            capture_id=row.get("capture_id"),
            link=capture_link(row.get("source"), row.get("url") or ""),
            words_added=row.get("words_added"),
            words_removed=row.get("words_removed"),
            previous_title=row.get("previous_title"),
            diff_html=diff_html(row.get("diff") or ""),
        )
        for row in sorted(rows, key=lambda row: row["version"])
    ]


def archive_source(archive: str, timestamp: str) -> str:
    return f"{archive}@{timestamp}"


def parse_source(source: str | None) -> tuple[str, str] | None:
    """(archive, timestamp) of a web archive's capture; None for ``live`` or a WARC file."""
    match = _ARCHIVE_SOURCE.match(source or "")
    return (match["archive"], match["timestamp"]) if match else None


def capture_link(source: str | None, url: str) -> str | None:
    """Where a person sees the capture a version came from (its archive's replay page); None for the live
    site, a WARC file, or Common Crawl (it has no replay)."""
    parsed = parse_source(source)
    if parsed is None or parsed[0] == COMMONCRAWL:
        return None
    archive, timestamp = parsed
    base = "https://web.archive.org/web" if archive == WAYBACK else archive
    return f"{base}/{timestamp}/{url}"


def source_label(source: str | None) -> str:
    """Where a version was read: the live site, a web archive's capture, or the WARC file a replay or a
    backfill read."""
    if not source or source == "live":
        return "live crawl"
    archived = parse_source(source)
    if archived:
        archive = archived[0]
        return {WAYBACK: "Wayback Machine capture", COMMONCRAWL: "Common Crawl capture"}.get(
            archive, f"capture from {archive}"
        )
    name = source.rsplit("/", 1)[-1]
    return f"CC-NEWS capture ({name})" if name.startswith("CC-NEWS") else f"WARC replay ({name})"


def diff_html(diff: str) -> str:
    """The stored diff as HTML: text escaped, removed words in ``<del>``, added ones in ``<ins>``."""
    parts, last = [], 0
    for match in _CHANGE.finditer(diff):
        parts.append(html.escape(diff[last : match.start()]))
        removed, added = match.group("removed"), match.group("added")
        parts.append(
            f"<del>{html.escape(removed)}</del>"
            if removed is not None
            else f"<ins>{html.escape(added)}</ins>"
        )
        last = match.end()
    parts.append(html.escape(diff[last:]))
    return "".join(parts)
