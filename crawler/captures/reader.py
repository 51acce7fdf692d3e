"""Responses read back from WARC files — the project's own and third-party ones — with FastWARC.

Every record is judged by its WARC headers first (its type and ``WARC-Target-URI``: ``wanted(url)``); only
a wanted one has its HTTP headers and payload read, which is where a CC-NEWS file's time goes (one in fifty
of its records is ABP's). Read as they are: Common Crawl's CC-NEWS (decoded payloads that still say
``Content-Encoding`` or ``Transfer-Encoding``, or say them as ``X-Crawler-…``; charsets missing or wrong),
Webrecorder and Wayback exports: a payload is de-chunked and decompressed (FastWARC's own readers) only when
it really is chunked or compressed. Revisit records are resolved to the payload they repeat
(``identical-payload-digest``: an earlier response with that digest; ``server-not-modified``: the URL's
latest earlier response). A truncated or corrupt file is reported with its offset, and the files after it are
read. FastWARC reads 1.6–3× faster than warcio here (docs/captures.md).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from fastwarc.stream_io import ChunkedReader, GzipReader
from fastwarc.warc import ArchiveIterator, WarcRecordType

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


_TYPES = {
    int(kind): str(kind)
    for kind in (
        WarcRecordType.response, WarcRecordType.revisit, WarcRecordType.request, WarcRecordType.warcinfo,
        WarcRecordType.metadata, WarcRecordType.resource, WarcRecordType.conversion,
    )
}  # fmt: skip


class CaptureReader:
    """Reads files one after another, remembering what revisits may refer to."""

    def __init__(self, wanted: Callable[[str], str | None]) -> None:
        self.wanted = wanted
        # payload digest, and URL, -> the response record that carried it (file, offset)
        self.by_digest: dict[str, tuple[Path | str, int]] = {}
        self.by_url: dict[str, tuple[Path | str, int]] = {}

    def read(self, path: Path | str) -> Iterator[Captured | Skipped | Unreadable]:
        """The records of a local file, or of a remote one (``http(s)://``, ``s3://``: read with fsspec)."""
        end = 0  # where the last whole record ended
        try:
            size = source_size(path)
            with open_source(path) as stream:
                records = _records(stream)
                record = next(records, None)
                while record is not None:
                    offset = record.stream_pos
                    entry = self._replayable(record, path, offset)
                    following = next(records, None)
                    # The last record's end is checked, not assumed: a killed writer leaves it cut short.
                    record_end = following.stream_pos if following is not None else _whole_until(path, offset)
                    if record_end is None:
                        break
                    end = record_end
                    yield replace(entry, length=end - offset) if isinstance(entry, Captured) else entry
                    record = following
        except (OSError, ValueError, RuntimeError, zlib.error) as exc:
            yield Unreadable(file_name(path), end, f"{type(exc).__name__}: {exc}")
            return
        if end < size:
            yield Unreadable(file_name(path), end, "a truncated or unreadable record")

    def _replayable(self, record: Any, path: Path | str, offset: int) -> Captured | Skipped:
        kind = _TYPES.get(int(record.record_type), "unknown")
        url = record.headers.get("WARC-Target-URI")
        if kind not in ("response", "revisit") or not url:
            return Skipped(kind, url)
        why = self.wanted(url)
        if why:
            return Skipped(why, url)
        record.parse_http(strict_mode=False)
        if not record.is_http:
            return Skipped(kind, url)
        status = record.http_headers.status_code or 0
        headers = list(record.http_headers.items())
        if kind == "revisit":
            source = self._referred(record, url)
            if source is None:
                return Skipped("revisit_unresolved", url)
            payload, original, status = _payload_at(*source)
            headers = _revisit_headers(original, headers)
        else:
            payload = _decoded(headers, record.reader.read())
            if status == 200:
                digest = record.headers.get("WARC-Payload-Digest")
                if digest:
                    self.by_digest[digest] = (path, offset)
                self.by_url[url] = (path, offset)
            else:
                return Skipped(f"status_{status}", url)
        return Captured(
            url=url, status=status, headers=_payload_headers(headers, payload), body=payload,
            fetched_at=record.headers.get("WARC-Date") or "",
            record_id=record.headers.get("WARC-Record-ID") or "",
            warc_file=file_name(path), offset=offset, length=0,
        )  # fmt: skip

    def _referred(self, record: Any, url: str) -> tuple[Path | str, int] | None:
        digest = record.headers.get("WARC-Payload-Digest")
        refers_to = record.headers.get("WARC-Refers-To-Target-URI") or url
        return (digest and self.by_digest.get(digest)) or self.by_url.get(refers_to)


def _records(stream: BinaryIO) -> Iterator[Any]:
    """Every record, its WARC headers parsed and nothing else (a gzip file member by member)."""
    return iter(ArchiveIterator(stream, parse_http=False, strict_mode=False))


def file_name(path: Path | str) -> str:
    """A file's name, local or remote."""
    return str(path).rstrip("/").rsplit("/", 1)[-1]


def _is_remote(path: Path | str) -> bool:
    return "://" in str(path)


def open_source(path: Path | str) -> BinaryIO:
    if _is_remote(path):
        import fsspec  # the backfill's (datatrove's) dependency: only a remote file needs it

        return fsspec.open(str(path), "rb").open()
    return open(path, "rb")


def source_size(path: Path | str) -> int:
    if _is_remote(path):
        import fsspec

        filesystem, location = fsspec.core.url_to_fs(str(path))
        return int(filesystem.size(location))
    return Path(path).stat().st_size


def _whole_until(path: Path | str, offset: int) -> int | None:
    """Where the record at ``offset`` ends, or None when the file ends inside it: for a gzip file the end of
    its member, for a plain one the end of its block (WARC headers, ``Content-Length`` bytes, two CRLFs)."""
    with open_source(path) as stream:
        stream.seek(offset)
        if stream.read(2) == b"\x1f\x8b":
            stream.seek(offset)
            member, read = zlib.decompressobj(31), 0
            while not member.eof:
                chunk = stream.read(1 << 16)
                if not chunk:
                    return None
                read += len(chunk)
                member.decompress(chunk)
            return offset + read - len(member.unused_data)
        stream.seek(offset)
        head = stream.read(1 << 16)
        headers_end = head.find(b"\r\n\r\n")
        length = next(
            (int(line.split(b":", 1)[1]) for line in head[:headers_end].split(b"\r\n")
             if line.lower().startswith(b"content-length:")),
            None,
        )  # fmt: skip
        if headers_end < 0 or length is None:
            return None
        end = offset + headers_end + 4 + length + 4
        return end if end <= source_size(path) else None


def _payload_at(path: Path | str, offset: int) -> tuple[bytes, Headers, int]:
    """The decoded payload, headers and status of the response record at ``offset`` of ``path``."""
    with open_source(path) as stream:
        stream.seek(offset)
        record = next(_records(stream))
        record.parse_http(strict_mode=False)
        headers = list(record.http_headers.items())
        return _decoded(headers, record.reader.read()), headers, record.http_headers.status_code or 0


def response_record(data: bytes) -> tuple[int, Headers, bytes] | None:
    """Status, headers and decoded payload of the one WARC response record ``data`` holds (a record fetched
    on its own, such as a Common Crawl range request: one gzip member); None if it holds none whole."""
    if data[:2] == b"\x1f\x8b" and not _whole_member(data):
        return None
    try:
        record = next(_records(io.BytesIO(data)), None)
        if record is None or _TYPES.get(int(record.record_type)) != "response":
            return None
        record.parse_http(strict_mode=False)
        if not record.is_http:
            return None
        headers = list(record.http_headers.items())
        payload = record.reader.read()
    except (OSError, ValueError, RuntimeError, zlib.error):
        return None
    body = _decoded(headers, payload)
    return record.http_headers.status_code or 0, _payload_headers(headers, body), body


def _whole_member(data: bytes) -> bool:
    member = zlib.decompressobj(31)
    try:
        member.decompress(data)
    except zlib.error:
        return False
    return member.eof


def _decoded(headers: Headers, payload: bytes) -> bytes:
    """The payload as a reader gets it: de-chunked and decompressed when it really is chunked or gzip'd
    (a CC-NEWS payload says so of bytes the crawler already decoded)."""
    labels = {name.lower(): value.lower() for name, value in headers}
    if "chunked" in labels.get("transfer-encoding", ""):
        payload = _read_or_keep(ChunkedReader, payload)
    if labels.get("content-encoding", "") in ("gzip", "x-gzip", "deflate") and payload[:2] == b"\x1f\x8b":
        payload = _read_or_keep(GzipReader, payload)
    return payload


def _read_or_keep(reader: Any, payload: bytes) -> bytes:
    try:
        decoded = reader(io.BytesIO(payload)).read()
    except (OSError, ValueError, RuntimeError):
        return payload
    return decoded if decoded else payload


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
