"""CC-NEWS-like WARC files for the backfill's tests and benchmark: every publisher's pages mixed, a request
record before each response, ABP's articles (the golden pages of several sites, both templates) a small
share of them, the rest other hosts' news pages of realistic size and compressibility; each record its own
gzip member, as Common Crawl writes them. Usage: ``python -m tests.ccnews OUT.warc.gz --responses N``."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
# Article pages of several sites and both templates (the 2023+ abp-* markup and the 2020-23 UIkit one).
ABP_CASES = (
    ("abplive-hi", "abp-full"), ("abplive-hi", "abp-jsonld"), ("abplive-hi", "uikit-byline"),
    ("abplive-mr", "abp"), ("abplive-bn", "abp"), ("abplive-gu", "abp"), ("abplive-pa", "abp"),
    ("abplive-en", "abp"),
)  # fmt: skip
OTHER_HOSTS = ("www.example-news.com", "news.example.org", "www.daily-example.in", "www.example-times.co.uk")
_WORDS = [
    "".join(random.Random(n).choices("abcdefghijklmnopqrstuvwxyz", k=random.Random(-n).randint(2, 11)))
    for n in range(30_000)
]
_ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, 8001)))


@dataclass(frozen=True)
class AbpPage:
    site: str
    url: str
    html: bytes


def abp_pages() -> list[AbpPage]:
    pages = []
    for site, case in ABP_CASES:
        folder = GOLDEN / site / case
        url = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["url"]
        pages.append(AbpPage(site, url, (folder / "page.html").read_bytes()))
    return pages


def other_page(rng: random.Random, size: int) -> bytes:
    """A news page of about ``size`` bytes: markup and Zipf-distributed words (gzip ~4:1, as real pages)."""
    words = rng.choices(_WORDS[:8000], cum_weights=_ZIPF, k=size // 7)
    paragraphs = "".join(f"<p>{' '.join(words[i : i + 60])}.</p>\n" for i in range(0, len(words), 60))
    head = f"<html><head><title>{' '.join(words[:8])}</title></head><body><nav>home world sport</nav>"
    return f"{head}<article>{paragraphs}</article></body></html>".encode()


def records(
    responses: int, abp_share: float, seed: int = 1, start: datetime | None = None, page_size: int = 90_000
) -> Iterator[tuple[str, bytes, list[tuple[str, str]], str]]:
    """(url, payload, HTTP headers, WARC-Date) of each response: ABP's pages at ``abp_share``, each under a
    URL of its own (its article id changed), the rest other hosts' pages."""
    rng = random.Random(seed)
    abp = abp_pages()
    others = [other_page(rng, page_size) for _ in range(64)]
    # Files follow each other in time, as CC-NEWS's do: file ``seed`` starts on day ``seed``.
    moment = start or datetime(2025, 3, 1, 10, 0, tzinfo=UTC) + timedelta(days=seed)
    html = [("Content-Type", "text/html; charset=utf-8")]
    for n in range(responses):
        moment += timedelta(seconds=rng.randint(1, 20))
        date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if rng.random() < abp_share:
            page = abp[n % len(abp)]
            url = page.url if n < len(abp) else _renumbered(page.url, 9_000_000 + n)
            yield url, page.html, html, date
        else:
            host = OTHER_HOSTS[n % len(OTHER_HOSTS)]
            yield f"https://{host}/news/story-{seed}-{n}", others[n % len(others)], html, date


def _renumbered(url: str, number: int) -> str:
    stem, _, _ = url.rpartition("-")
    return f"{stem}-{number}"


def write_ccnews(path: Path, responses: int, abp_share: float = 0.02, seed: int = 1, level: int = 6) -> Path:
    """A CC-NEWS-like ``.warc.gz``: warcinfo, then a request and a response record for each page."""
    with open(path, "wb") as out:
        for record in _warc_records(responses, abp_share, seed, path.name):
            out.write(_member(record, level))
    return path


def _warc_records(responses: int, abp_share: float, seed: int, name: str) -> Iterator[bytes]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False, warc_version="1.0")

    def taken() -> bytes:
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data

    writer.write_record(writer.create_warcinfo_record(name, {"software": "tests.ccnews"}))
    yield taken()
    for url, payload, headers, date in records(responses, abp_share, seed):
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_record(request)
        yield taken()
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        writer.write_record(response)
        yield taken()


def _member(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--abp-share", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    write_ccnews(arguments.out, arguments.responses, arguments.abp_share, arguments.seed)
