"""Benchmark: the archive at scale — the store's write rate while building it, then every page a reader clicks
in Datasette, served by the project's own launcher.

    python -m bench.archive [--rows 1000000] [--db /tmp/archive-bench.db] [--reuse [--rebuild-vocabulary]]
                                                                                         (make bench-archive)

Articles are realistic Hindi: ~3,300-character bodies from a Zipf-like vocabulary, one common word (सरकार,
in ~25 % of articles), a mid one (कांग्रेस, ~6 %) and a rare one (हिमस्खलन, ~0.1 %), 40 sections, 500
authors, six years of dates, all eight sites. They are generated in a second process and written through
``upsert_articles`` in the store's batches; FTS5 alone, on the same articles, gives the ceiling of that rate
on this machine. Each page (JSON and the reading pages' HTML, next pages included) is timed three times
(median); a page Datasette interrupts ("SQL query took too long") or whose facets time out is reported as
such. Writes ``bench/results/archive.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from datasette.utils import tilde_encode

from crawler.cleaning.rules import content_hash
from crawler.storage import archive as archive_store
from crawler.storage.archive import FTS_TOKENIZE, open_database, upsert_articles

REPO = Path(__file__).resolve().parent.parent
BATCH = 100  # SQLITE_BATCH_SIZE
SITES = ["abplive-hi", "abplive-en", "abplive-mr", "abplive-bn", "abplive-gu", "abplive-pa", "abplive-ta",
         "abplive-te"]  # fmt: skip
SECTIONS = [f"खंड-{n}" for n in range(40)]
AUTHORS = [f"लेखक {n}" for n in range(500)]
# Word -> share of articles it appears in.
PLANTED = {"सरकार": 0.25, "कांग्रेस": 0.06, "हिमस्खलन": 0.001}
# Inflected and variant spellings, as real text mixes them: a search for one finds the others.
VARIANTS = {"सरकारों": 0.03, "सरकारें": 0.02, "हिन्दी": 0.01, "हिंदी": 0.02}
# Hindi plural and oblique endings, on a share of the made-up words (so the vocabulary has inflections).
ENDINGS = ("ों", "ें", "े", "ियों", "ओं")
SYLLABLES = (
    "क का कि की कु के को ग गा गि गु ज जा जि त ता ति तु ते द दा दि न ना नि प पा पि ब बा म मा मि र रा रि "
    "ल ला ली व वा स सा सि ह हा"
).split()


def vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    """Made-up words of two to four syllables, weighted 1/rank (Zipf): the words and their cumulative weights
    (given to ``random.choices`` as such, they are not summed again for every draw)."""
    rng = random.Random(7)
    words = list(dict.fromkeys("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size * 2)))
    words = [w for w in words if w not in PLANTED][:size]
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def article(n: int, rng: random.Random, words: list[str], cumulative: list[float]) -> dict[str, Any]:
    text = rng.choices(words, cum_weights=cumulative, k=560)
    for position in rng.sample(range(len(text)), 50):
        text[position] += rng.choice(ENDINGS)
    # A name or number of its own: the vocabulary keeps growing with the archive, as a real one does.
    text[rng.randrange(len(text))] = f"नाम{n}"
    for word, share in (PLANTED | VARIANTS).items():
        if rng.random() < share:
            text[rng.randrange(len(text))] = word
    paragraphs = [" ".join(text[i : i + 70]) + "." for i in range(0, len(text), 70)]
    body = "\n\n".join(paragraphs)
    published = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(6 * 365 * 24 * 60))
    title = " ".join(rng.choices(words, cum_weights=cumulative, k=9))
    site = SITES[n % len(SITES)]
    return {
        "url": article_url(n), "site": site,
        "language": site.removeprefix("abplive-"),
        "title": title, "summary": " ".join(rng.choices(words, cum_weights=cumulative, k=20)), "body": body,
        "author": rng.choice(AUTHORS), "section": rng.choice(SECTIONS),
        "published_at": published.isoformat(), "published_date": published.date().isoformat(),
        "tags": json.dumps(rng.choices(words[:200], k=3), ensure_ascii=False), "word_count": len(text),
        "extraction": "abp", "content_hash": content_hash(title, None, body),
        "crawled_at": published.isoformat(),
    }  # fmt: skip


def article_url(n: int) -> str:
    return f"https://{SITES[n % len(SITES)]}.example/news/{SECTIONS[n % 40]}/story-{n}"


def generate(rows: int, queue: Any) -> None:
    """The second process: batches of articles onto ``queue``, then None."""
    rng, (words, cumulative) = random.Random(1), vocabulary()
    for first in range(0, rows, BATCH):
        queue.put([article(n, rng, words, cumulative) for n in range(first, min(first + BATCH, rows))])
    queue.put(None)


def build(db_path: Path, rows: int) -> dict[str, Any]:
    db_path.unlink(missing_ok=True)
    db = open_database(db_path)
    queue: Any = multiprocessing.Queue(maxsize=50)
    producer = multiprocessing.Process(target=generate, args=(rows, queue), daemon=True)
    producer.start()
    started, written = time.perf_counter(), 0
    while (batch := queue.get()) is not None:
        upsert_articles(db, batch, [])
        written += len(batch)
        if written % 100_000 == 0:
            print(f"  {written:,} articles stored", flush=True)
    seconds = time.perf_counter() - started
    producer.join()
    db.close()
    return {"rows": written, "build_seconds": round(seconds), "store_rows_per_s": round(written / seconds)}


# Pages whose "Next page" link is timed too.
WITH_NEXT_PAGE = ("table", "search, common word", "section (a facet's link)")


def fts_ceiling(rows: int = 5_000) -> int:
    """Articles a second that SQLite's FTS5 alone indexes here, with the archive's tokenizer, in the store's
    batches: no other table, index or Python around it. The store cannot be faster than this."""
    rng, (words, cumulative) = random.Random(1), vocabulary()
    texts = [
        (a["title"], a["summary"], a["body"])
        for a in (article(n, rng, words, cumulative) for n in range(rows))
    ]
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "fts.db")
        conn.execute("pragma journal_mode=wal")
        conn.execute(f'create virtual table f using fts5(title, summary, body, tokenize="{FTS_TOKENIZE}")')
        started = time.perf_counter()
        for first in range(0, rows, BATCH):
            with conn:
                conn.executemany("insert into f values (?, ?, ?)", texts[first : first + BATCH])
        seconds = time.perf_counter() - started
        conn.close()
    return round(rows / seconds)


def pages(db: str) -> dict[str, str]:
    """The pages a reader clicks, by name."""
    common, mid, rare = (quote(word) for word in PLANTED)
    section, author = quote(SECTIONS[3]), quote(AUTHORS[7])
    return {
        "table": f"/{db}/articles.json",
        "search, common word": f"/{db}/articles.json?_search={common}",
        "search, 6 % word": f"/{db}/articles.json?_search={mid}",
        "search, rare word": f"/{db}/articles.json?_search={rare}",
        "search, phrase": f"/{db}/articles.json?_search=%22{common}%20{mid}%22",
        "search, inflected common word": f"/{db}/articles.json?_search={quote('सरकारों')}",
        "search, common word, one site": f"/{db}/articles.json?_search={common}&site=abplive-mr",
        "section (a facet's link)": f"/{db}/articles.json?section={section}",
        "section, by published_at desc": f"/{db}/articles.json?section={section}&_sort_desc=published_at",
        "author (a facet's link)": f"/{db}/articles.json?author={author}",
        "site (a facet's link)": f"/{db}/articles.json?site=abplive-ta",
        "facet on demand: section": f"/{db}/articles.json?_facet=section",
        "canned latest_articles": f"/{db}/latest_articles.json",
        "canned latest_articles, one site": f"/{db}/latest_articles.json?site=abplive-mr",
        "canned search": f"/{db}/search.json?q={mid}",
        "canned search, common word": f"/{db}/search.json?q={common}",
        "canned search, inflected common word": f"/{db}/search.json?q={quote('सरकारों')}",
        "canned search, variant spelling": f"/{db}/search.json?q={quote('हिन्दी')}",
        "canned search, odd query": f"/{db}/search.json?q={quote('सरकार: (AND')}",
        "canned articles_per_day": f"/{db}/articles_per_day.json?_size=max",
        "canned articles_per_day, one site": f"/{db}/articles_per_day.json?site=abplive-mr&_size=max",
        "canned articles_by_author": f"/{db}/articles_by_author.json",
        "canned articles_by_author, one site": f"/{db}/articles_by_author.json?site=abplive-mr",
        "canned edited_articles": f"/{db}/edited_articles.json",
        "canned removed_articles": f"/{db}/removed_articles.json",
        # The reading pages, as HTML.
        "front page": f"/{db}",
        "article view": f"/{db}/articles/{tilde_encode(article_url(3))}",
        "search results page, common word": f"/{db}/search?q={common}",
        "search results page, common word, one site": f"/{db}/search?q={common}&site=abplive-mr",
        "search results page, rare word": f"/{db}/search?q={rare}",
        "search results page, inflected common word": f"/{db}/search?q={quote('सरकारों')}",
        "trends, every site": f"/{db}/-/trends",
        "trends, a year": f"/{db}/-/trends?days=365",
        "trends, 6 % word": f"/{db}/-/trends?q={mid}",
        "trends, common word": f"/{db}/-/trends?q={common}",
        "trends, common word, a year": f"/{db}/-/trends?q={common}&days=365",
        "trends, inflected common word": f"/{db}/-/trends?q={quote('सरकारों')}",
    }


def vocabulary_cost(rows: int = 5_000, base_rows: int = 30_000) -> dict[str, Any]:
    """The store's rate on the same articles with and without the search vocabulary (``search_terms``):
    ``rows`` articles stored into copies of an archive that holds ``base_rows`` others (so the vocabulary is
    past its first words, as in a running archive), alternating three times (median)."""
    rng, (words, cumulative) = random.Random(2), vocabulary()
    articles = [article(n, rng, words, cumulative) for n in range(base_rows + rows)]
    rates: dict[str, list[float]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.db"
        db = open_database(base)
        for first in range(0, base_rows, BATCH):
            upsert_articles(db, articles[first : first + BATCH], [])
        db.conn.execute("pragma wal_checkpoint(truncate)")
        db.close()
        for _ in range(3):
            for mode in ("without", "with"):
                path = Path(folder) / f"{mode}.db"
                shutil.copyfile(base, path)
                db = open_database(path)
                # Without: the store's words-to-write step finds nothing to write.
                original = archive_store.pending_words
                if mode == "without":
                    archive_store.pending_words = lambda db, rows: set()
                try:
                    started = time.perf_counter()
                    for first in range(base_rows, base_rows + rows, BATCH):
                        upsert_articles(db, articles[first : first + BATCH], [])
                    rates[mode].append(rows / (time.perf_counter() - started))
                finally:
                    archive_store.pending_words = original
                db.close()
                for written in Path(folder).glob(f"{mode}.db*"):
                    written.unlink()
    with_rate, without_rate = (statistics.median(rates[mode]) for mode in ("with", "without"))
    return {
        "rows": rows,
        "into_an_archive_of": base_rows,
        "with_vocabulary_rows_per_s": round(with_rate),
        "without_vocabulary_rows_per_s": round(without_rate),
        "ratio": round(with_rate / without_rate, 3),
    }


def sizes(db_path: Path) -> dict[str, int]:
    """Bytes of the database, of the full-text index and of the search vocabulary."""
    conn = sqlite3.connect(db_path)
    try:
        by_name = dict(conn.execute("select name, sum(pgsize) from dbstat group by name"))
        terms = conn.execute("select count(*) from search_terms").fetchone()[0]
    finally:
        conn.close()
    return {
        "db_bytes": db_path.stat().st_size,
        "fts_bytes": sum(size for name, size in by_name.items() if name.startswith("articles_fts")),
        "search_terms_bytes": sum(size for name, size in by_name.items() if name.startswith("search_terms")),
        "search_terms_rows": terms,
    }


def fetch(base: str, path: str) -> tuple[float, dict[str, Any]]:
    """Seconds to the whole response, and its JSON (an HTML page: whether Datasette reported an error)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=120) as response:
            body = response.read()
        html = not urlsplit(path).path.endswith(".json")
        data = {"html": True, "error": b"took too long" in body} if html else json.loads(body)
    except urllib.error.HTTPError as error:
        data = {"error": error.read().decode(errors="replace")[:200]}
    return time.perf_counter() - started, data


def time_pages(db_path: Path) -> dict[str, Any]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli.serve", str(db_path), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base, results = f"http://127.0.0.1:{port}", {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        queue = list(pages(db_path.stem).items())
        while queue:
            name, path = queue.pop(0)
            runs = [fetch(base, path) for _ in range(3)]
            data = runs[-1][1]
            if name in WITH_NEXT_PAGE and data.get("next_url"):
                queue.insert(0, (f"{name}, next page", data["next_url"].replace(base, "")))
            results[name] = {
                "median_s": round(statistics.median(seconds for seconds, _ in runs), 3),
                "interrupted": bool(data.get("error")) or data.get("ok") is False,
                "facets_timed_out": data.get("facets_timed_out", []),
                "rows": len(data.get("rows", [])),
            }
            print(f"  {name:<28} {results[name]['median_s']:>7.3f} s  {results[name]}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/archive-bench.db"))
    parser.add_argument("--reuse", action="store_true", help="time the pages of an archive built before")
    parser.add_argument(
        "--rebuild-vocabulary", action="store_true",
        help="with --reuse: drop the search vocabulary first, to time an older archive's upgrade",
    )  # fmt: skip
    args = parser.parse_args()
    result: dict[str, Any] = {"rows": args.rows}
    result["fts5_alone_rows_per_s"] = fts_ceiling()
    print(f"FTS5 alone indexes {result['fts5_alone_rows_per_s']:,} articles/s here", flush=True)
    if not args.reuse:
        print(f"building {args.rows:,} articles into {args.db} …", flush=True)
        result |= build(args.db, args.rows)
        print(f"  {result['store_rows_per_s']:,} articles/s stored, {result['build_seconds']} s", flush=True)
    result["vocabulary_cost"] = vocabulary_cost()
    print(f"  the search vocabulary's cost to the store: {result['vocabulary_cost']}", flush=True)
    if args.reuse:  # an archive built before the vocabulary is upgraded as the store upgrades it
        if args.rebuild_vocabulary:
            with sqlite3.connect(args.db) as conn:
                conn.execute("drop table if exists search_terms")
        started = time.perf_counter()
        open_database(args.db).close()
        result["upgrade_seconds"] = round(time.perf_counter() - started)
        print(f"  opened (upgraded in place) in {result['upgrade_seconds']} s", flush=True)
    result |= sizes(args.db)
    print(f"  sizes: { {key: value for key, value in result.items() if 'bytes' in key or 'terms' in key} }")
    result["pages"] = time_pages(args.db)
    slow = [name for name, page in result["pages"].items() if page["median_s"] >= 0.5 or page["interrupted"]]
    print(f"pages at 0.5 s or more, or interrupted: {slow or 'none'}")
    out = REPO / "bench" / "results" / "archive.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
