"""Benchmark: the archive at scale — the store's write rate while building it, then every page a reader clicks
in Datasette, served by the project's own launcher.

    python -m bench.archive [--rows 1000000] [--db /tmp/archive-bench.db] [--reuse]      (make bench-archive)

Articles are realistic Hindi: ~3,300-character bodies from a Zipf-like vocabulary, one common word (सरकार,
in ~25 % of articles), a mid one (कांग्रेस, ~6 %) and a rare one (हिमस्खलन, ~0.1 %), 40 sections, 500
authors, six years of dates, all eight sites. They are generated in a second process and written through
``upsert_articles`` in the store's batches; FTS5 alone, on the same articles, gives the ceiling of that rate
on this machine; the store is measured against plain SQL inserts of the same rows into the same archive. Each
page (JSON and the reading pages' HTML, next pages, sorts and facets included) is timed three times (median),
then a set of them again while another process stores articles; a page Datasette interrupts ("SQL query took
too long") or whose facets time out is reported as such. ``--reuse`` times an archive built before,
upgrading it in place first (the time is reported). Writes ``bench/results/archive.json``.

An archive has a shape (``--shape``, ``SHAPES``): ``network``, the default, is the eight sites over six years
(576 small site-months); ``one-site`` is the Hindi site alone over six years (72 large site-months, bodies of
~2,600 characters: every row is Devanagari, so the export's language model reads each one); ``four-sites``
lies between (Hindi, Marathi, English, Bengali over three years: 144 site-months). The export's benchmark
(``bench.export``) builds each shape with ``--build-only``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from datasette.utils import tilde_encode

from crawler.cleaning.rules import content_hash
from crawler.reporting.progress import Progress
from crawler.settings import SQLITE_BATCH_SIZE
from crawler.storage.article_texts import FTS_TABLE, FTS_TOKENIZE
from crawler.storage.articles import first_history, upsert_articles
from crawler.storage.counts import count_new
from crawler.storage.schema import open_database

REPO = Path(__file__).resolve().parent.parent
BATCH = SQLITE_BATCH_SIZE  # the store's batches in a crawl
SITES = ["abplive-hi", "abplive-en", "abplive-mr", "abplive-bn", "abplive-gu", "abplive-pa", "abplive-ta",
         "abplive-te"]  # fmt: skip
SECTIONS = [f"खंड-{n}" for n in range(40)]
AUTHORS = [f"लेखक {n}" for n in range(500)]
# Word -> share of articles it appears in.
PLANTED = {"सरकार": 0.25, "कांग्रेस": 0.06, "हिमस्खलन": 0.001}
# Inflected and variant spellings, as real text mixes them: a search for one finds the others.
VARIANTS = {"सरकारों": 0.03, "सरकारें": 0.02, "हिन्दी": 0.01, "हिंदी": 0.02}
# Plural, oblique and case endings on a share of the made-up words (so the vocabulary has inflections):
# Hindi's on the Devanagari sites, each inflecting language's own on its site.
ENDINGS = ("ों", "ें", "े", "ियों", "ओं")
SITE_ENDINGS = {
    "abplive-mr": ("त", "ला", "चा", "ची", "चे", "च्या", "मध्ये", "साठी", "ांना", "ांचे", "ने"),
    "abplive-bn": ("ের", "কে", "দের", "টি", "রা", "গুলো"),
    "abplive-gu": ("નો", "ની", "માં", "ને", "ો", "ોને", "ોના"),
    "abplive-pa": ("ਾਂ", "ਿਆਂ", "ੇ", "ੋਂ"),
}
# Bengali, Punjabi and Gujarati text: the same made-up words and planted words moved to their script's block.
SCRIPT_SHIFT = {"abplive-bn": 0x80, "abplive-pa": 0x100, "abplive-gu": 0x180}
# Marathi's own planted word, in its inflected forms (share of the Marathi site's articles, each form).
MARATHI_PLANTED = {"मुंबई": 0.1, "मुंबईत": 0.05, "मुंबईला": 0.04, "मुंबईचा": 0.03, "मुंबईमध्ये": 0.03}
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


def in_script(text: str, site: str) -> str:
    """Devanagari ``text`` in the site's script (the Indic blocks share their layout; Bengali has no व: ব)."""
    shift = SCRIPT_SHIFT.get(site)
    if shift is None:
        return text
    return text.translate(_SHIFTS[shift])


def _shift_table(shift: int) -> dict[int, str]:
    table = {}
    for code in range(0x0900, 0x0980):
        moved = chr(code + shift)
        table[code] = moved if unicodedata.name(moved, "") else ""
    if shift == 0x80:
        table[ord("व")] = "ব"
    return table


_SHIFTS = {shift: _shift_table(shift) for shift in SCRIPT_SHIFT.values()}


@dataclass(frozen=True)
class Shape:
    """What an archive is made of: its sites (articles dealt to them in turn), the years its dates span from
    2021, and the words of a body."""

    sites: tuple[str, ...]
    years: int
    body_words: int
    function_words: bool = False  # Hindi and Marathi bodies hold their language's function words


SHAPES = {
    "network": Shape(tuple(SITES), years=6, body_words=560),
    "one-site": Shape(("abplive-hi",), years=6, body_words=460, function_words=True),
    "four-sites": Shape(
        ("abplive-hi", "abplive-mr", "abplive-en", "abplive-bn"), years=3, body_words=500, function_words=True
    ),
}
# A language's commonest function words and the share of a text's words each is: Hindi's from the words of
# the Hindi PUD treebank (../shared/realtext; 28 % of its words together), Marathi's from the standard
# grammars' commonest forms at the shares of Marathi news prose (11 % together: Marathi writes its case
# endings on the word). Made-up words alone are no language: a model reading them is unsure of every text.
FUNCTION_WORDS = {
    "hi": {"के": 0.047, "में": 0.039, "की": 0.023, "और": 0.021, "से": 0.019, "को": 0.018, "का": 0.015,
           "है": 0.025, "ने": 0.012, "एक": 0.011, "कि": 0.010, "पर": 0.009, "लिए": 0.007, "नहीं": 0.006,
           "गया": 0.005, "था": 0.005, "हैं": 0.005, "यह": 0.005, "इस": 0.005},
    "mr": {"आहे": 0.024, "नाही": 0.013, "आणि": 0.009, "एक": 0.009, "होते": 0.007, "होता": 0.007,
           "होती": 0.007, "त्या": 0.007, "त्याला": 0.006, "मध्ये": 0.005, "या": 0.005, "हे": 0.005, "ते": 0.005,
           "केले": 0.004, "तसेच": 0.002},
}  # fmt: skip
NETWORK = SHAPES["network"]


def article(
    n: int, rng: random.Random, words: list[str], cumulative: list[float], shape: Shape = NETWORK
) -> dict[str, Any]:
    site = shape.sites[n % len(shape.sites)]
    text = rng.choices(words, cum_weights=cumulative, k=shape.body_words)
    # A name or number of its own: the vocabulary keeps growing with the archive, as a real one does.
    text[rng.randrange(len(text))] = f"नाम{n}"
    for word, share in (PLANTED | VARIANTS).items():
        if rng.random() < share:
            text[rng.randrange(len(text))] = word
    text = [in_script(word, site) for word in text]
    endings = SITE_ENDINGS.get(site, ENDINGS)
    for position in rng.sample(range(len(text)), 50):
        text[position] += rng.choice(endings)
    if site == "abplive-mr":
        for word, share in MARATHI_PLANTED.items():
            if rng.random() < share:
                text[rng.randrange(len(text))] = word
    function_words = FUNCTION_WORDS.get(site.removeprefix("abplive-"), {}) if shape.function_words else {}
    if function_words:
        places = rng.sample(range(len(text)), round(len(text) * sum(function_words.values())))
        chosen = rng.choices(list(function_words), weights=list(function_words.values()), k=len(places))
        for place, word in zip(places, chosen, strict=True):
            text[place] = word
    paragraphs = [" ".join(text[i : i + 70]) + "." for i in range(0, len(text), 70)]
    body = "\n\n".join(paragraphs)
    minutes = rng.randrange(shape.years * 365 * 24 * 60)
    published = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    title = in_script(" ".join(rng.choices(words, cum_weights=cumulative, k=9)), site)
    return {
        "url": article_url(n, shape), "site": site,
        "language": site.removeprefix("abplive-"),
        "title": title, "body": body,
        "summary": in_script(" ".join(rng.choices(words, cum_weights=cumulative, k=20)), site),
        "author": rng.choice(AUTHORS), "section": rng.choice(SECTIONS),
        "published_at": published.isoformat(), "published_date": published.date().isoformat(),
        "tags": json.dumps(rng.choices(words[:200], k=3), ensure_ascii=False), "word_count": len(text),
        "extraction": "abp", "content_hash": content_hash(title, None, body),
        "crawled_at": published.isoformat(),
    }  # fmt: skip


def article_url(n: int, shape: Shape = NETWORK) -> str:
    return f"https://{shape.sites[n % len(shape.sites)]}.example/news/{SECTIONS[n % 40]}/story-{n}"


def generate(rows: int, queue: Any, shape: Shape) -> None:
    """The second process: batches of articles onto ``queue``, then None."""
    rng, (words, cumulative) = random.Random(1), vocabulary()
    for first in range(0, rows, BATCH):
        queue.put([article(n, rng, words, cumulative, shape) for n in range(first, min(first + BATCH, rows))])
    queue.put(None)


def build(db_path: Path, rows: int, shape: Shape = NETWORK) -> dict[str, Any]:
    db_path.unlink(missing_ok=True)
    db = open_database(db_path)
    queue: Any = multiprocessing.Queue(maxsize=50)
    producer = multiprocessing.Process(target=generate, args=(rows, queue, shape), daemon=True)
    producer.start()
    started, written = time.perf_counter(), 0
    with Progress("building the archive", rows, "article", unit_scale=True) as progress:
        while (batch := queue.get()) is not None:
            upsert_articles(db, batch, [])
            written += len(batch)
            progress.update(len(batch))
    seconds = time.perf_counter() - started
    producer.join()
    db.close()
    return {"rows": written, "build_seconds": round(seconds), "store_rows_per_s": round(written / seconds)}


# Pages whose "Next page" link is timed too.
WITH_NEXT_PAGE = (
    "table", "search, common word", "section (a facet's link)", "section, by published_at desc",
    "author, by last_changed_at desc",
)  # fmt: skip
# Pages timed again while another process stores articles (a cron crawl writing).
UNDER_WRITES = (
    "table", "search, common word", "section, by published_at desc", "facet on demand: section",
    "canned search, common word", "front page", "article view", "search results page, common word",
    "trends, common word", "facet on demand: author", "facet on demand: author, a site",
    "canned articles_by_author", "author (a facet's link)",
)  # fmt: skip


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
        "section, by first_seen_at": f"/{db}/articles.json?section={section}&_sort=first_seen_at",
        "section, by modified_at desc": f"/{db}/articles.json?section={section}&_sort_desc=modified_at",
        "author (a facet's link)": f"/{db}/articles.json?author={author}",
        "author, by last_changed_at desc": f"/{db}/articles.json?author={author}&_sort_desc=last_changed_at",
        "table, by published_at desc": f"/{db}/articles.json?_sort_desc=published_at",
        "table, by modified_at desc": f"/{db}/articles.json?_sort_desc=modified_at",
        "table, by first_seen_at": f"/{db}/articles.json?_sort=first_seen_at",
        "search, common word, a section": f"/{db}/articles.json?_search={common}&section={section}",
        "search, common word, HTML": f"/{db}/articles?_search={common}",
        "site (a facet's link)": f"/{db}/articles.json?site=abplive-ta",
        "facet on demand: section": f"/{db}/articles.json?_facet=section",
        "facet on demand: author": f"/{db}/articles.json?_facet=author",
        "facet on demand: section, a site": f"/{db}/articles.json?site=abplive-mr&_facet=section",
        "facet on demand: author, a site": f"/{db}/articles.json?site=abplive-mr&_facet=author",
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
        # The other inflecting languages: a plain form typed, its inflected forms found.
        "canned search, Marathi": f"/{db}/search.json?q={quote('मुंबई')}",
        "canned search, Bengali": f"/{db}/search.json?q={quote(in_script('सरकार', 'abplive-bn'))}",
        "canned search, Gujarati": f"/{db}/search.json?q={quote(in_script('सरकार', 'abplive-gu'))}",
        "canned search, Punjabi": f"/{db}/search.json?q={quote(in_script('सरकार', 'abplive-pa'))}",
        "search results page, Marathi": f"/{db}/search?q={quote('मुंबई')}",
        "search results page, Bengali": f"/{db}/search?q={quote(in_script('सरकार', 'abplive-bn'))}",
        "search, Marathi": f"/{db}/articles.json?_search={quote('मुंबई')}",
        "trends, Marathi": f"/{db}/-/trends?q={quote('मुंबई')}",
    }


# New articles for the write measurements: numbered after any archive this bench builds.
NEW_ARTICLES_FROM = 10_000_000


def new_articles(rows: int, seed: int) -> list[dict[str, Any]]:
    rng, (words, cumulative) = random.Random(seed), vocabulary()
    return [article(NEW_ARTICLES_FROM + seed * rows + n, rng, words, cumulative) for n in range(rows)]


def store_against_plain(db_path: Path, rows: int = 20_000, rounds: int = 3) -> dict[str, Any]:
    """The store's rate against plain SQL inserts of the same rows into the same archive (``db_path``, its
    schema, indexes and full-text triggers), each run's rows deleted again after it, alternating, median of
    the rounds: ``upsert_articles`` in the crawl's batches (``SQLITE_BATCH_SIZE``) and in batches of 100, and
    ``executemany`` inserts of both tables in batches of 5,000."""
    articles = new_articles(rows, seed=3)
    sizes = {f"store_batches_of_{BATCH}": BATCH, "store_batches_of_100": 100}
    rates: dict[str, list[float]] = {mode: [] for mode in [*sizes, "plain"]}
    for _ in range(rounds):
        for mode in rates:
            db = open_database(db_path)
            started = time.perf_counter()
            if mode == "plain":
                plain_inserts(db, articles, 5_000)
            else:
                for first in range(0, rows, sizes[mode]):
                    upsert_articles(db, articles[first : first + sizes[mode]], [])
            rates[mode].append(rows / (time.perf_counter() - started))
            if mode == "plain":  # counted in as the store counts its rows, so that deleting counts them out
                with db.conn:
                    count_new(db, [as_first_stored(a) for a in articles])
            delete_articles(db, [a["url"] for a in articles])
            db.close()
    result = {mode: round(statistics.median(values)) for mode, values in rates.items()}
    return {
        "rows": rows,
        "rows_per_s": result,
        "ratio": round(result[f"store_batches_of_{BATCH}"] / result["plain"], 3),
        "ratio_in_batches_of_100": round(result["store_batches_of_100"] / result["plain"], 3),
    }


def plain_inserts(db: Any, articles: list[dict[str, Any]], batch: int) -> None:
    """The same rows as plain ``insert`` statements: articles and their texts, rowids given, every column as
    the store writes a new article (its history columns too: values spread through their indexes cost more
    to insert than the defaults would)."""
    columns = list(db.table("articles").columns_dict)
    names = ", ".join(f"[{column}]" for column in columns)
    for first in range(0, len(articles), batch):
        chunk = [as_first_stored(a) for a in articles[first : first + batch]]
        (top,) = db.execute("select coalesce(max(rowid), 0) from articles").fetchone()
        with db.conn:
            db.conn.executemany(
                f"insert into articles (rowid, {names}) values (?, {', '.join('?' * len(columns))})",
                [[top + 1 + n] + [a.get(c) for c in columns] for n, a in enumerate(chunk)],
            )
            db.conn.executemany(
                "insert into article_texts (id, title, summary, body) values (?, ?, ?, ?)",
                [(top + 1 + n, a["title"], a["summary"], a["body"]) for n, a in enumerate(chunk)],
            )


def as_first_stored(article: dict[str, Any]) -> dict[str, Any]:
    """``article`` with every column the store gives an article it has not seen before (its history, and the
    column defaults ``plain_inserts`` would otherwise pass as null)."""
    return article | first_history(article) | {"kind": "article", "live": 0}


def delete_articles(db: Any, urls: list[str]) -> None:
    with db.conn:
        for first in range(0, len(urls), 500):
            chunk = urls[first : first + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(
                f"delete from article_texts where id in (select rowid from articles where url in ({marks}))",
                chunk,
            )
            db.execute(f"delete from articles where url in ({marks})", chunk)
    db.execute("pragma wal_checkpoint(truncate)")


def sizes(db_path: Path) -> dict[str, int]:
    """Bytes of the database, of ``articles`` (and its average row), of the texts and of the full-text
    index."""
    conn = sqlite3.connect(db_path)
    try:
        by_name = dict(conn.execute("select name, sum(pgsize) from dbstat group by name"))
        (articles,) = conn.execute("select count(*) from articles").fetchone()
        (row_bytes,) = conn.execute("select sum(payload) from dbstat where name = 'articles'").fetchone()
    finally:
        conn.close()
    return {
        "db_bytes": db_path.stat().st_size,
        "articles_bytes": by_name.get("articles", 0),
        "articles_row_bytes": round((row_bytes or 0) / max(articles, 1)),
        "article_texts_bytes": by_name.get("article_texts", 0),
        "fts_bytes": sum(size for name, size in by_name.items() if name.startswith(FTS_TABLE)),
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


def time_pages(db_path: Path, only: tuple[str, ...] = ()) -> dict[str, Any]:
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
        queue = [(name, path) for name, path in pages(db_path.stem).items() if not only or name in only]
        while queue:
            name, path = queue.pop(0)
            runs = [fetch(base, path) for _ in range(3)]
            data = runs[-1][1]
            if name in WITH_NEXT_PAGE and data.get("next_url") and not only:
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


def keep_writing(db_path: str, stop: Any, written: Any) -> None:
    """The writer process: new articles through the store, batch after batch, until ``stop`` is set."""
    db = open_database(db_path)
    for seed in itertools.count(WRITER_SEEDS):
        if stop.is_set():
            break
        articles = new_articles(WRITER_ROWS, seed)
        for first in range(0, WRITER_ROWS, BATCH):
            if stop.is_set():
                break
            upsert_articles(db, articles[first : first + BATCH], [])
            written.value = (seed - WRITER_SEEDS) * WRITER_ROWS + first + BATCH
    db.close()


WRITER_SEEDS, WRITER_ROWS = 100, 2_000


def time_pages_while_writing(db_path: Path) -> dict[str, Any]:
    """``UNDER_WRITES`` timed while another process stores articles; what it wrote is deleted after."""
    stop, written = multiprocessing.Event(), multiprocessing.Value("i", 0)
    writer = multiprocessing.Process(target=keep_writing, args=(str(db_path), stop, written))
    writer.start()
    try:
        time.sleep(5)  # writing before the first page
        started = time.perf_counter()
        timed = time_pages(db_path, UNDER_WRITES)
        seconds = time.perf_counter() - started
    finally:
        stop.set()
        writer.join(timeout=120)
    db = open_database(db_path)
    urls = [
        article_url(NEW_ARTICLES_FROM + seed * WRITER_ROWS + n)
        for seed in range(WRITER_SEEDS, WRITER_SEEDS + written.value // WRITER_ROWS + 1)
        for n in range(WRITER_ROWS)
    ]
    delete_articles(db, urls)
    db.close()
    return {"written": written.value, "writer_rows_per_s": round(written.value / seconds), "pages": timed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/archive-bench.db"))
    parser.add_argument("--shape", choices=SHAPES, default="network")
    parser.add_argument("--build-only", action="store_true", help="build the archive, time nothing")
    parser.add_argument(
        "--reuse", action="store_true",
        help="time an archive built before (upgraded in place first when it is of an older layout)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.build_only:
        print(f"building {args.rows:,} articles of the {args.shape} shape into {args.db} …", flush=True)
        print(build(args.db, args.rows, SHAPES[args.shape]), flush=True)
        return
    if args.shape != "network":
        parser.error("the pages are timed on the network shape (another shape: with --build-only)")
    result: dict[str, Any] = {"rows": args.rows}
    result["fts5_alone_rows_per_s"] = fts_ceiling()
    print(f"FTS5 alone indexes {result['fts5_alone_rows_per_s']:,} articles/s here", flush=True)
    if args.reuse:
        started = time.perf_counter()
        open_database(args.db).close()
        result["upgrade_seconds"] = round(time.perf_counter() - started)
        print(f"  opened (upgraded in place when older) in {result['upgrade_seconds']} s", flush=True)
    else:
        print(f"building {args.rows:,} articles into {args.db} …", flush=True)
        result |= build(args.db, args.rows)
        print(f"  {result['store_rows_per_s']:,} articles/s stored, {result['build_seconds']} s", flush=True)
    result["store_against_plain"] = store_against_plain(args.db)
    print(f"  the store against plain inserts: {result['store_against_plain']}", flush=True)
    result |= sizes(args.db)
    print(f"  sizes: { {key: value for key, value in result.items() if 'bytes' in key} }", flush=True)
    result["pages"] = time_pages(args.db)
    print("the same pages while another process stores articles:", flush=True)
    result["while_writing"] = time_pages_while_writing(args.db)
    print(f"  the writer stored {result['while_writing']['written']:,} articles meanwhile", flush=True)
    timed = list(result["pages"].items()) + [
        (f"{name} (while writing)", page) for name, page in result["while_writing"]["pages"].items()
    ]
    slow = [name for name, page in timed if page["median_s"] >= 0.5 or page["interrupted"]]
    slow += [f"{name} (facets timed out)" for name, page in timed if page["facets_timed_out"]]
    print(f"pages at 0.5 s or more, interrupted or with facets timed out: {slow or 'none'}")
    print(f"store/plain-insert ratio: {result['store_against_plain']['ratio']} (asked: at least 0.7)")
    out = REPO / "bench" / "results" / "archive.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
