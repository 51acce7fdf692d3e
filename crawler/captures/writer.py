"""WARC files written as Heritrix and Common Crawl write them, with warcio.

One gzip member per record; a ``warcinfo`` record opens each file; a ``response`` and its ``request`` are
linked by ``WARC-Concurrent-To``, the response with the raw (still content-encoded) body, the real status
line and every header; a 304 is a ``revisit`` record (server-not-modified profile). Files are named
``ABPLIVE-<UTC yyyyMMddHHmmssSSS>-<serial>.warc.gz``, written as ``….warc.gz.open`` and renamed when closed,
rotated once they pass ``max_bytes``. Every record is flushed whole, so a killed crawl leaves a readable file.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

PREFIX = "ABPLIVE"
OPEN_SUFFIX = ".open"
DEFAULT_MAX_BYTES = 1_000_000_000
# warcio compresses at level 9 (~30 ms for a 150 KB page here); level 6 costs ~2 % more bytes at a third of
# the time. Each record is still its own gzip member, as readers expect.
GZIP_LEVEL = 3
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class Exchange:
    """One download as it went over the wire."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str  # "HTTP/1.1"
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes  # as received: still content-encoded
    ip_address: str | None
    fetched_at: datetime
    record_id: str  # the response's (or revisit's) WARC-Record-ID, chosen before writing


@dataclass(frozen=True)
class Written:
    """Where a response or revisit record landed: a row of the ``captures`` table."""

    record_id: str
    url: str
    warc_file: str
    offset: int
    length: int
    fetched_at: str
    status: int
    record_type: str
    payload_digest: str | None


def new_record_id() -> str:
    """A fresh ``WARC-Record-ID`` (``<urn:uuid:…>``)."""
    return StatusAndHeadersParser.make_warc_id()


def payload_digest(body: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode("ascii")


class CaptureWriter:
    """Appends exchanges to the current WARC file of ``folder``; ``close()`` renames the last one."""

    def __init__(self, folder: Path, info: dict[str, str], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder
        self.info = info
        self.max_bytes = max_bytes
        self.serial = 0
        self.file: Any = None
        self.path: Path | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, exchange: Exchange) -> Written:
        """Write the exchange's records; where its response (or revisit) record is."""
        if self.file is None:
            self._open()
        assert self.file is not None and self.path is not None
        builder = RecordBuilder(warc_version="1.1")
        date = datetime_to_iso_date(exchange.fetched_at.astimezone(UTC).replace(tzinfo=None), use_micros=True)
        headers = {"WARC-Date": date, "WARC-Record-ID": exchange.record_id}
        if exchange.ip_address:
            headers["WARC-IP-Address"] = exchange.ip_address
        http_headers = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}".strip(), exchange.headers, protocol=exchange.protocol
        )
        if exchange.status == 304:
            response = builder.create_revisit_record(
                exchange.url, payload_digest(b""), exchange.url, date, http_headers=http_headers,
                warc_headers_dict=headers,
            )  # fmt: skip
            # Which earlier capture it repeats is the archive's to say (the article's last), not the file's.
            response.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
            for header in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Payload-Digest"):
                response.rec_headers.remove_header(header)
        else:
            response = builder.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
                http_headers=http_headers, warc_headers_dict=headers,
            )  # fmt: skip
        line = f"{exchange.method} {_request_target(exchange.url)} {exchange.protocol}"
        body = exchange.request_body
        request = builder.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(body), length=len(body),
            http_headers=StatusAndHeaders(line, exchange.request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": exchange.record_id},
        )  # fmt: skip
        offset = self.file.tell()
        self._append(response)
        length = self.file.tell() - offset
        self._append(request)
        written = Written(
            exchange.record_id, exchange.url, self.path.name.removesuffix(OPEN_SUFFIX), offset, length,
            exchange.fetched_at.astimezone(UTC).isoformat(timespec="seconds"), exchange.status,
            response.rec_type, response.rec_headers.get_header("WARC-Payload-Digest"),
        )  # fmt: skip
        if self.file.tell() >= self.max_bytes:
            self.close()
        return written

    def close(self) -> None:
        """Close the current file and give it its final name."""
        if self.file is None or self.path is None:
            return
        self.file.close()
        self.path.rename(self.path.with_name(self.path.name.removesuffix(OPEN_SUFFIX)))
        self.file = self.path = None

    def _open(self) -> None:
        self.serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        name = f"{PREFIX}-{stamp}-{self.serial:05d}.warc.gz"
        self.path = self.folder / (name + OPEN_SUFFIX)
        self.file = open(self.path, "xb")  # noqa: SIM115 - held open across writes, closed in close()
        self._append(RecordBuilder(warc_version="1.1").create_warcinfo_record(name, self.info))

    def _append(self, record: Any) -> None:
        """One record as its own gzip member, written and flushed whole."""
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=False, warc_version="1.1").write_record(record)
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.file.write(compressor.compress(buffer.getvalue()) + compressor.flush())
        self.file.flush()


def _request_target(url: str) -> str:
    """The request line's target: path and query, as sent."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
