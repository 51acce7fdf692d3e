"""A real web archive for the history crawl's tests and benchmark: a pywb collection built from the golden
pages, captured at given times (an edit between two of them), served by pywb's own ``wayback`` server on
127.0.0.1; and a proxy in front of it that refuses some requests with 429 and ``Retry-After``.

pywb lives in a venv of its own (``build/pywb``, from requirements-pywb.lock; ``make test`` makes it): its
pinned dependencies are not the crawler's. Usage for a manual look: ``python -m tests.webarchive DIR``.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
PYWB = REPO / "build" / "pywb" / "bin"
GOLDEN = REPO / "tests" / "fixtures" / "golden"
COLLECTION = "abp"


@dataclass(frozen=True)
class Capture:
    url: str
    when: str  # ISO, UTC ("2026-11-20T04:00:00Z")
    body: bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"


def golden_page(site: str, case: str) -> tuple[str, bytes, str]:
    """(url, page, expected body) of a golden case."""
    folder = GOLDEN / site / case
    url = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["url"]
    body = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["body"]
    return url, (folder / "page.html").read_bytes(), body


def edited(page: bytes, body: str, note: str) -> bytes:
    """The page with ``note`` added at the end of its body's first paragraph (a visible edit of the text)."""
    text = page.decode("utf-8")
    start = text.index(" ".join(body.split()[:2]))
    end = text.index("</p>", start)
    return (text[:end] + f" {note}" + text[end:]).encode("utf-8")


def write_warc(path: Path, captures: list[Capture]) -> None:
    """Response records as a crawler writes them (each its own gzip member), the capture time their own."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for capture in captures:
            headers = StatusAndHeaders(
                capture.status,
                # The site's Date header says a day the capture was not made: times come from the index.
                [("Content-Type", capture.content_type), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT")],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                capture.url, "response", payload=io.BytesIO(capture.body), http_headers=headers,
                warc_headers_dict={"WARC-Date": capture.when},
            )  # fmt: skip
            writer.write_record(record)


def build_collection(root: Path, warcs: list[Path]) -> None:
    """A pywb collection ``COLLECTION`` in ``root`` holding (and indexing) the WARC files."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([PYWB / "wb-manager", "init", COLLECTION], cwd=root, check=True, capture_output=True)
    subprocess.run(
        [PYWB / "wb-manager", "add", COLLECTION, *map(str, warcs)], cwd=root, check=True, capture_output=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_pywb(root: Path) -> Iterator[str]:
    """pywb's ``wayback`` serving ``root``'s collections; yields the collection's URL; stopped after."""
    port = free_port()
    server = subprocess.Popen(
        [PYWB / "wayback", "-b", "127.0.0.1", "-p", str(port), "-d", str(root)],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/{COLLECTION}"
    try:
        _wait_for(f"{base}/cdx?url=example.com", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"pywb exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (pywb says 404 for no captures)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"pywb did not answer at {url}")


class RefusingProxy:
    """An HTTP server forwarding every GET to ``upstream``, except that the first ``refuse`` raw-capture
    requests (``id_``) are answered 429 with ``Retry-After: wait`` (``refuse`` < 0: every one). Records the
    paths it was asked for."""

    def __init__(self, upstream: str, refuse: int, wait: int = 1) -> None:
        self.upstream, self.refuse, self.wait = upstream.rstrip("/"), refuse, wait
        self.paths: list[str] = []
        self.refused = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.paths.append(self.path)
                if "id_/" in self.path and (proxy.refuse < 0 or proxy.refused < proxy.refuse):
                    proxy.refused += 1
                    self.send_response(429)
                    self.send_header("Retry-After", str(proxy.wait))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    with urllib.request.urlopen(proxy.upstream + self.path, timeout=30) as answer:
                        status, headers, body = answer.status, answer.headers.items(), answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, body = error.code, error.headers.items(), error.read()
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RefusingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    url, page, body = golden_page("abplive-hi", "abp-full")
    warc = args.root / "captures.warc.gz"
    args.root.mkdir(parents=True, exist_ok=True)
    write_warc(
        warc,
        [
            Capture(url, "2026-11-20T04:00:00Z", page),
            Capture(url, "2026-11-20T09:00:00Z", edited(page, body, "(अपडेट)")),
        ],
    )
    build_collection(args.root, [warc])
    with running_pywb(args.root) as base:
        print(f"serving {base} (Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
