"""Responses read back from WARC files — the project's own and third-party ones — with warcio.

Read as they are: Common Crawl's CC-NEWS (decoded payloads that still say ``Content-Encoding`` or
``Transfer-Encoding``, or say them as ``X-Crawler-…``; charsets missing or wrong), Webrecorder and Wayback
exports. warcio de-chunks and decompresses the payload when it really is chunked or compressed. Revisit
records are resolved to the payload they repeat (``identical-payload-digest``: an earlier response with that
digest; ``server-not-modified``: the URL's latest earlier response). A truncated or corrupt file is reported
with its offset, and the files after it are read. ``wanted(url)`` is asked before any payload is read.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

Headers = list[tuple[str, str]]
# Headers that describe a transfer, not the payload a reader gets: the payload is decoded here.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Captured:
    """One response to replay: the payload decoded, its capture's identity and time."""

    url: str
    status: int
    headers: Headers = field(repr=False)
    body: bytes = field(repr=False)
    fetched_at: str  # the record's WARC-Date
    record_id: str
    warc_file: str
    offset: int
    length: int


@dataclass(frozen=True)
class Skipped:
    """A record not replayed, and why: its record type, ``other_host``, ``not_article``, ``status_404`` …"""

    kind: str
    url: str | None = None


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read past ``offset``."""

    warc_file: str
    offset: int
    message: str


def warc_files(paths: list[Path]) -> list[Path]:
    """The WARC files named, folders expanded to their ``.warc.gz`` and ``.warc`` files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.name.endswith((".warc.gz", ".warc")))
        else:
            files.append(path)
    return files


class CaptureReader:
    """Reads files one after another, remembering what revisits may refer to."""

    def __init__(self, wanted: Callable[[str], str | None]) -> None:
        self.wanted = wanted
        # payload digest, and URL, -> the response record that carried it (file, offset)
        self.by_digest: dict[str, tuple[Path, int]] = {}
        self.by_url: dict[str, tuple[Path, int]] = {}

    def read(self, path: Path) -> Iterator[Captured | Skipped | Unreadable]:
        end = 0  # where the last whole record ended
        try:
            with open(path, "rb") as stream:
                records = ArchiveIterator(stream)
                for record in records:
                    # The payload is read before the record's offset is asked: warcio reads to the record's
                    # end to know it.
                    entry = self._replayable(record, path)
                    records.read_to_end(record)
                    offset, length = records.get_record_offset(), records.get_record_length() or 0
                    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than it declared
                        yield Unreadable(path.name, offset, "a truncated record")
                        return
                    end = offset + length
                    yield self._placed(entry, record, path, offset, length)
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
            yield Unreadable(path.name, end, f"{type(exc).__name__}: {exc}")
            return
        if end < path.stat().st_size:  # warcio stops quietly at a truncated last record
            yield Unreadable(path.name, end, "a truncated or unreadable record")

    def _replayable(self, record: Any, path: Path) -> Captured | Skipped:
        kind = record.rec_type
        url = record.rec_headers.get_header("WARC-Target-URI")
        if kind not in ("response", "revisit") or not record.http_headers or not url:
            return Skipped(kind or "unknown", url)
        why = self.wanted(url)
        status = int(record.http_headers.get_statuscode() or 0)
        if kind == "revisit":
            source = self._referred(record, url)
            if why or source is None:
                return Skipped(why or "revisit_unresolved", url)
            payload, headers, status = _payload_at(*source)
            headers = _revisit_headers(headers, record.http_headers.headers)
        elif why or status != 200:
            return Skipped(why or f"status_{status}", url)
        else:
            payload, headers = record.content_stream().read(), record.http_headers.headers
        return Captured(
            url=url, status=status, headers=_payload_headers(headers, payload), body=payload,
            fetched_at=record.rec_headers.get_header("WARC-Date") or "",
            record_id=record.rec_headers.get_header("WARC-Record-ID") or "", warc_file=path.name,
            offset=0, length=0,
        )  # fmt: skip

    def _placed(
        self, entry: Captured | Skipped, record: Any, path: Path, offset: int, length: int
    ) -> Captured | Skipped:
        """The entry with its record's place; a 200 response is remembered for revisits that repeat it."""
        if (
            record.rec_type == "response"
            and record.http_headers
            and record.http_headers.get_statuscode() == "200"
        ):
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if digest:
                self.by_digest[digest] = (path, offset)
            self.by_url[record.rec_headers.get_header("WARC-Target-URI")] = (path, offset)
        return replace(entry, offset=offset, length=length) if isinstance(entry, Captured) else entry

    def _referred(self, record: Any, url: str) -> tuple[Path, int] | None:
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        refers_to = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or url
        return (digest and self.by_digest.get(digest)) or self.by_url.get(refers_to)


def _payload_at(path: Path, offset: int) -> tuple[bytes, Headers, int]:
    """The decoded payload, headers and status of the response record at ``offset`` of ``path``."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return (
            record.content_stream().read(),
            record.http_headers.headers,
            int(record.http_headers.get_statuscode()),
        )


def _revisit_headers(
    original: list[tuple[str, str]], revisit: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The repeated response's headers, updated by the revisit's own (its date, validators)."""
    names = {name.lower() for name, _ in revisit}
    return [(n, v) for n, v in original if n.lower() not in names] + list(revisit)


def _payload_headers(headers: Headers, payload: bytes) -> Headers:
    """Headers true of the decoded payload: no transfer headers; a charset that the bytes contradict (UTF-8
    labelled as anything else, as CC-NEWS records often are) is replaced by UTF-8."""
    kept = [(n, v) for n, v in headers if n.lower() not in _TRANSFER_HEADERS]
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return kept
    return [
        (n, _utf8_charset(v) if n.lower() == "content-type" and "charset=" in v.lower() else v)
        for n, v in kept
    ]


def _utf8_charset(content_type: str) -> str:
    media = content_type.split(";", 1)[0].strip()
    return f"{media}; charset=utf-8"
