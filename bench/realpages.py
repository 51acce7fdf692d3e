"""Benchmark: the fallback extraction path on real news pages nobody here wrote, beside trafilatura.

    python -m bench.realpages [--pages ../shared/realpages] [--aeb DIR] [--readability DIR] [--bootstrap 1000]

Sets of pages: ``--pages``, the project's real pages (``page.html`` + ``expected.json`` with the body's
paragraphs); with ``--aeb`` a checkout of Zyte's article-extraction-benchmark (``ground-truth.json`` and
``html/<id>.html.gz``, 181 pages); with ``--readability`` a checkout of mozilla/readability, its test pages
saved from real sites (``test/test-pages/*/source.html`` of 10 KB or more: 95 pages, 2010s news and blogs in
eight languages and four scripts; the reference is ``expected.html``, the article as Firefox's reader view
shows it, reviewed by its maintainers). The last two are pages the project does not hold, to check what was
tuned on the first set.

Extractors, in the same run: the project's fallback step (``crawler.extraction.fallback.fallback_body`` then
the clean rules, what ``extract_article`` stores when no template matches) and trafilatura 2 alone in its
three modes (default, precision, recall); "trafilatura best" is whichever mode scores highest on the set.

Scores, the article-extraction-benchmark's own: word 4-gram shingles (``\\w+`` tokens; characters for
Japanese pages), each page's true/false positives and misses normalised to sum to one, precision and recall
averaged over pages, F1 of the two; a 95 % interval from a seeded bootstrap over pages. Lost pages: where the
fallback's F1 is below trafilatura's default by more than 0.02, and pages where the fallback finds nothing
while trafilatura finds a body. Writes ``bench/results/realpages.json``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from lxml import etree

from crawler.cleaning.rules import clean_body_html
from crawler.extraction.fallback import fallback_body
from crawler.extraction.jsonld import article_body_text, jsonld_article
from crawler.markup.htmltree import parse_document
from crawler.sites import DEFAULT_SITE, SITES

REPO = Path(__file__).resolve().parent.parent
SITE = SITES[DEFAULT_SITE]
SHINGLE = 4
LOST_BY = 0.02
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: str
    truth: str
    by_character: bool = False


def project(url: str, html: str) -> str:
    """What the archive stores for a page no template matches: the fallback's body, cleaned."""
    body = fallback_body(url, html, article_body_text(jsonld_article(parse_document(html))))
    return clean_body_html(body.html, SITE, body.title, generic=True) if body is not None else ""


def _trafilatura(**options: bool) -> Callable[[str, str], str]:
    def extract(url: str, html: str) -> str:
        return trafilatura.extract(html, url=url, include_comments=False, **options) or ""

    return extract


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "fallback": project,
    "trafilatura": _trafilatura(),
    "trafilatura_precision": _trafilatura(favor_precision=True),
    "trafilatura_recall": _trafilatura(favor_recall=True),
}


def project_pages(folder: Path) -> Iterator[Page]:
    for case in sorted(p for p in folder.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        html = (case / "page.html").read_text(encoding="utf-8", errors="replace")
        truth = "\n".join(expected["paragraphs"])
        yield Page(case.name, expected["url"], html, truth, by_character=case.name.startswith("jp-"))


def aeb_pages(folder: Path) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key, expected in sorted(truth.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        yield Page(key[:12], expected.get("url", ""), html, expected.get("articleBody", ""))


# The readability tests' own cases of one markup rule are a few KB; the pages saved from sites are larger.
_READABILITY_MIN_BYTES = 10_000
# Its tests read every page as this address.
_READABILITY_URL = "http://fakehost/test/page.html"


def readability_pages(folder: Path) -> Iterator[Page]:
    for case in sorted((folder / "test" / "test-pages").iterdir()):
        source = case / "source.html"
        if not source.is_file() or source.stat().st_size < _READABILITY_MIN_BYTES:
            continue
        html = source.read_text(encoding="utf-8", errors="replace")
        truth = "".join(parse_document((case / "expected.html").read_text(encoding="utf-8")).itertext())
        yield Page(case.name, _READABILITY_URL, html, truth, by_character=_mostly_cjk(truth))


def _mostly_cjk(text: str) -> bool:
    """Whether a text is written mostly in Chinese or Japanese script (no spaces between words: scored by
    characters)."""
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")
    return bool(letters) and cjk > len(letters) / 2


def shingle_counts(page_text: str, truth: str, by_character: bool) -> tuple[float, float, float]:
    """(true positives, false positives, misses) over shingles, normalised to sum to one."""
    got, want = _shingles(page_text, by_character), _shingles(truth, by_character)
    tp = sum((got & want).values())
    fp, fn = sum((got - want).values()), sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _shingles(text: str, by_character: bool) -> Counter[tuple[str, ...]]:
    tokens = [c for c in text if not c.isspace()] if by_character else _WORD.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens)


def scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(precision, recall, F1): precision and recall averaged over pages, as the benchmark does."""
    precision = _mean([_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0])
    recall = _mean([_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0])
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _mean(values: list[float]) -> float:
    return statistics.mean(values) if values else 0.0


def _ratio(tp: float, wrong: float, other: float) -> float:
    if wrong == other == 0:
        return 1.0
    return tp / (tp + wrong) if tp + wrong else 0.0


def bootstrap(counts: list[tuple[float, float, float]], rounds: int, seed: int = 1) -> dict[str, list[float]]:
    """95 % intervals of precision, recall and F1 over pages drawn with replacement."""
    rng = random.Random(seed)
    draws = [scores([rng.choice(counts) for _ in counts]) for _ in range(rounds)]
    return {
        name: [round(_percentile(sorted(d[i] for d in draws), q), 3) for q in (0.025, 0.975)]
        for i, name in enumerate(("precision", "recall", "f1"))
    }


def _percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def page_words(html: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The words of a page's visible text (its body less scripts and styles, split at white space), and the
    pairs of words that stand next to each other there."""
    root = parse_document(html)
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    body = root.find("body")
    # Text joined as the page runs it: inline markup adds no space ("<a>Park</a>," is "Park,").
    words = "".join((body if body is not None else root).itertext()).split()
    return set(words), set(itertools.pairwise(words))


def glued_words(page: tuple[set[str], set[tuple[str, str]]], text: str) -> list[str]:
    """Words of an extracted ``text`` that the page never writes but that are two words standing next to each
    other on the page run together ("diseaseand", "report.The"): the space between lost at inline markup."""
    words, neighbours = page
    return [
        word
        for word in dict.fromkeys(text.split())
        if word not in words and any((word[:cut], word[cut:]) in neighbours for cut in range(1, len(word)))
    ]


def _language(html: str) -> str:
    """The page's language as its ``<html lang>`` says (the primary subtag), or "?"."""
    return (parse_document(html).get("lang") or "?").split("-")[0].lower() or "?"


def _extracted(extract: Callable[[str, str], str], page: Page, crashes: list[str]) -> str:
    try:
        return extract(page.url, page.html)
    except Exception as error:  # a crash is counted and the page scored as empty, the run goes on
        crashes.append(f"{page.name}: {type(error).__name__}: {error}")
        return ""


def evaluate(pages: list[Page], rounds: int) -> dict[str, object]:
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in EXTRACTORS}
    texts: dict[str, dict[str, str]] = {}
    crashes: dict[str, list[str]] = {name: [] for name in EXTRACTORS}
    glued: dict[str, dict[str, list[str]]] = {name: {} for name in EXTRACTORS}
    languages: dict[str, list[int]] = {}
    for position, page in enumerate(pages):
        texts[page.name] = {
            name: _extracted(extract, page, crashes[name]) for name, extract in EXTRACTORS.items()
        }
        words = page_words(page.html)
        languages.setdefault(_language(page.html), []).append(position)
        for name, text in texts[page.name].items():
            counts[name].append(shingle_counts(text, page.truth, page.by_character))
            if found := glued_words(words, text):
                glued[name][page.name] = found
    overall = {}
    for name, page_counts in counts.items():
        precision, recall, f1 = scores(page_counts)
        overall[name] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
        overall[name]["interval_95"] = bootstrap(page_counts, rounds)
    modes = [name for name in EXTRACTORS if name.startswith("trafilatura")]
    best = max(modes, key=lambda name: overall[name]["f1"])  # type: ignore[index]
    per_page = {
        page.name: {name: round(_f1(counts[name][i]), 3) for name in EXTRACTORS}
        for i, page in enumerate(pages)
    }
    lost = [name for name, f1 in per_page.items() if f1["fallback"] < f1["trafilatura"] - LOST_BY]
    won = [name for name, f1 in per_page.items() if f1["fallback"] > f1["trafilatura"] + LOST_BY]
    empty = [
        name for name, text in texts.items() if not text["fallback"].strip() and text["trafilatura"].strip()
    ]
    return {
        "pages": len(pages),
        "overall": overall,
        "trafilatura_best_mode": best,
        "lost_to_trafilatura": lost,
        "won_from_trafilatura": won,
        "empty_where_trafilatura_finds_a_body": empty,
        "crashes": crashes,
        "glued_words": glued,
        "f1_by_language": {
            language: {name: round(scores([counts[name][i] for i in positions])[2], 3) for name in EXTRACTORS}
            | {"pages": len(positions)}
            for language, positions in sorted(languages.items())
        },
        "per_page_f1": per_page,
    }


def _f1(count: tuple[float, float, float]) -> float:
    return scores([count])[2]


def report(name: str, result: dict[str, object]) -> None:
    print(f"\n{name}: {result['pages']} pages")
    overall = result["overall"]
    assert isinstance(overall, dict)
    for extractor, figures in overall.items():
        low, high = figures["interval_95"]["f1"]
        best = "  (trafilatura best)" if extractor == result["trafilatura_best_mode"] else ""
        print(
            f"  {extractor:<24} F1 {figures['f1']:.3f} [{low:.3f}–{high:.3f}]  "
            f"P {figures['precision']:.3f}  R {figures['recall']:.3f}{best}"
        )
    per_page = result["per_page_f1"]
    assert isinstance(per_page, dict)
    for key in ("lost_to_trafilatura", "won_from_trafilatura", "empty_where_trafilatura_finds_a_body"):
        pages = result[key]
        assert isinstance(pages, list)
        shown = ", ".join(
            f"{p} ({per_page[p]['fallback']:.2f} vs {per_page[p]['trafilatura']:.2f})" for p in pages
        )
        print(f"  {key.replace('_', ' ')}: {len(pages)}{': ' + shown if pages else ''}")
    crashes, glued = result["crashes"], result["glued_words"]
    assert isinstance(crashes, dict) and isinstance(glued, dict)
    for extractor in crashes:
        words = sum(len(found) for found in glued[extractor].values())
        pages = len(glued[extractor])
        print(f"  {extractor:<24} crashes {len(crashes[extractor])}, glued words {words} on {pages} pages")
    by_language = result["f1_by_language"]
    assert isinstance(by_language, dict)
    rows = []
    for language, row in by_language.items():
        best = max(value for key, value in row.items() if key.startswith("trafilatura"))
        rows.append(f"{language} ({row['pages']}) {row['fallback']:.3f} vs best {best:.3f}")
    print("  F1 by language (<html lang>): " + "; ".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "realpages")
    parser.add_argument("--aeb", type=Path, help="a checkout of zytedata/article-extraction-benchmark")
    parser.add_argument("--readability", type=Path, help="a checkout of mozilla/readability")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap rounds for the intervals")
    args = parser.parse_args()
    results = {"realpages": evaluate(list(project_pages(args.pages)), args.bootstrap)}
    report(f"real pages ({args.pages})", results["realpages"])
    if args.aeb:
        results["article_extraction_benchmark"] = evaluate(list(aeb_pages(args.aeb)), args.bootstrap)
        report(f"article-extraction-benchmark ({args.aeb})", results["article_extraction_benchmark"])
    if args.readability:
        results["readability"] = evaluate(list(readability_pages(args.readability)), args.bootstrap)
        report(f"readability test pages ({args.readability})", results["readability"])
    out = REPO / "bench" / "results" / "realpages.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
