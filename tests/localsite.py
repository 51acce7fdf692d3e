"""Local copies of the ABP sites served on 127.0.0.1: the end-to-end tests' sites and ``make demo``'s.

The Hindi copy is ``tests/fixtures/site/`` (robots.txt, sitemaps, home, listings, pages that need JavaScript)
plus the Hindi golden pages; another site's copy is its golden pages with the discovery files the site
publishes (robots.txt, a ``news-sitemap.xml`` index of daily files, the home page, ``/home/feed``) made for
them. Golden pages are served at the path of their ``meta.json`` URL. The site's live origin in a response is
rewritten to the local origin, so canonical links and sitemap entries point back here, and
``https://thirdparty.example`` to ``http://localhost:<port>``, a host of its own. Each request is logged.

Run ``python -m tests.localsite --port 8000 [--site abplive-mr]`` to browse it or crawl it by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from crawler.sites import DEFAULT_SITE, SITES
from tests import sitegen
from tests.golden import FIXTURES, golden_cases

LIVE_ORIGIN = "https://www.abplive.com"
# Stands for ad and analytics hosts in pages; served as http://localhost:<port>, another host than 127.0.0.1.
THIRD_PARTY_ORIGIN = "https://thirdparty.example"
CONTENT_TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
    ".js": "application/javascript",
}


def site_routes(site: str = DEFAULT_SITE) -> dict[str, Path]:
    """URL path -> file, for the local copy of ``site``'s files (the Hindi copy's, and golden pages)."""
    routes: dict[str, Path] = {}
    root = FIXTURES / "site"
    for file in root.rglob("*") if site == DEFAULT_SITE else ():
        if file.is_file():
            relative = "/" + file.relative_to(root).as_posix()
            routes["/" if relative == "/index.html" else relative.removesuffix(".html")] = file
    for case in golden_cases(site):
        routes[urlsplit(golden_url(case)).path] = case / "page.html"
    return routes


def golden_url(case: Path) -> str:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))["url"]


def discovery_files(site: str, origin: str) -> dict[str, str]:
    """What a site publishes to find its articles, for its golden pages: path -> XML or HTML."""
    published = {
        golden_url(case): json.loads((case / "expected.json").read_text(encoding="utf-8"))["published_at"]
        for case in golden_cases(site)
    }
    profile = SITES[site]
    urls = {url.replace(profile.base_url, origin): at for url, at in published.items()}
    days = sorted({date.fromisoformat(at[:10]) for at in urls.values()})
    daily = {day: day.strftime(profile.daily_sitemap_path) for day in days}
    files = {
        "/robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {origin}/news-sitemap.xml\n",
        "/news-sitemap.xml": sitegen.sitemap_index([origin + path for path in daily.values()]),
        "/": "<html><body>" + "".join(f'<a href="{url}">x</a>' for url in urls) + "</body></html>",
        "/home/feed": sitegen.rss(list(urls.items())),
    }
    for day, path in daily.items():
        files[path] = sitegen.urlset(
            [(url, at) for url, at in urls.items() if at.startswith(day.isoformat())]
        )
    return files


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a crawler opening 16 connections at once has the rest of its SYNs
    # dropped, and those requests wait a second for the retransmission.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler killed mid-response (the signal tests do that on purpose) is not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalSite:
    """The site on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, port: int = 0, delay: float = 0.0, site: str = DEFAULT_SITE) -> None:
        self.routes = site_routes(site)
        self.live_origin = SITES[site].base_url
        # Seconds every response waits: a slow site, for stopping a crawl halfway.
        self.delay = delay
        self.requests: list[str] = []
        # Requests answered 304 Not Modified (a conditional request for a page that has not changed).
        self.not_modified: list[str] = []
        # Paths whose content a test replaced: path -> (body, content type).
        self.overrides: dict[str, tuple[bytes, str]] = {}
        # Paths that misbehave: path -> a function that writes the whole response itself.
        self.behaviours: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.server = QuietServer(("127.0.0.1", port), self._handler())
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        if site != DEFAULT_SITE:
            for path, body in discovery_files(site, self.origin).items():
                self.serve(path, body, CONTENT_TYPES.get(Path(path).suffix, "text/html; charset=utf-8"))

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def serve(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve ``body`` at ``path`` from now on, instead of (or besides) the fixture files."""
        self.overrides[path] = (body.encode() if isinstance(body, str) else body, content_type)

    def add_synthetic_articles(
        self,
        count: int,
        day: date,
        lastmod: str,
        paragraphs: int = 6,
        redesigned: bool = False,
        first: int = 1,
    ) -> list[str]:
        """Generated articles ``first`` … ``first + count - 1``, listed in the daily sitemap of ``day``;
        returns their paths."""
        numbers = range(first, first + count)
        for n in numbers:
            html = sitegen.article_html(self.origin, n, day, paragraphs, redesigned)
            self.serve(sitegen.article_path(n), html)
        sitemap = sitegen.daily_sitemap(self.origin, numbers, lastmod)
        self.serve(day.strftime("/news-%d-%m-%Y.xml"), sitemap, "application/xml")
        return [sitegen.article_path(n) for n in numbers]

    def response_for(self, path: str) -> tuple[int, bytes, str]:
        if path in self.overrides:
            body, content_type = self.overrides[path]
            return 200, body, content_type
        file = self.routes.get(path)
        if file is None:
            return 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8"
        text = file.read_text(encoding="utf-8").replace(self.live_origin, self.origin)
        body = text.replace(THIRD_PARTY_ORIGIN, self.origin.replace("127.0.0.1", "localhost")).encode()
        return 200, body, CONTENT_TYPES.get(file.suffix, "text/html; charset=utf-8")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            # Without it every keep-alive response waits ~40 ms for Nagle's algorithm.
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append(self.path)
                time.sleep(site.delay)
                path = urlsplit(self.path).path
                if path in site.behaviours:
                    site.behaviours[path](self)
                    return
                status, body, content_type = site.response_for(path)
                # Like a real server: a validator for every page, and 304 when the client has it already.
                etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    site.not_modified.append(self.path)
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the local copy of ABP Live on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--site",
        default=DEFAULT_SITE,
        choices=[*sorted(SITES), "all"],
        help="all: every site, on PORT, PORT+1, …",
    )
    args = parser.parse_args()
    keys = list(SITES) if args.site == "all" else [args.site]
    with contextlib.ExitStack() as stack:
        copies = [stack.enter_context(LocalSite(args.port + n, site=key)) for n, key in enumerate(keys)]
        for key, copy in zip(keys, copies, strict=True):
            print(f"serving the local copy of {key} at {copy.origin}/", flush=True)
        print("(Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            copies[0].thread.join()


if __name__ == "__main__":
    main()
