"""Benchmark: the fallback extraction path on real news pages nobody here wrote, beside trafilatura alone.

    python -m bench.realpages [--pages ../shared/realpages]

For each page (``page.html`` + ``expected.json`` with its known paragraphs): the project's fallback step
(trafilatura's precision mode bounding its recall mode, or the JSON-LD ``articleBody`` when that holds clearly
more, then the project's clean rules) and trafilatura alone, in precision mode and with its defaults. Reports
token precision / recall / F1 per page and overall (micro-averaged over tokens; characters for Japanese).
Writes ``bench/results/realpages.json``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import trafilatura

from bench.quality import precision_recall_f1, tokens
from crawler.cleaning.rules import clean_body_html
from crawler.extraction.fallback import extract_generic, prefer_jsonld
from crawler.extraction.jsonld import jsonld_article, jsonld_strings
from crawler.markup.htmltree import paragraphs_html, parse_document
from crawler.sites import DEFAULT_SITE, SITES

REPO = Path(__file__).resolve().parent.parent

SITE = SITES[DEFAULT_SITE]


def project(url: str, html: str) -> str:
    """The project's fallback step (``extract_article`` runs it only for URLs of the site's own shape): the
    generic body, or the JSON-LD ``articleBody`` when the generic body holds clearly less."""
    generic = extract_generic(url, html)
    article_body = " ".join(jsonld_strings(jsonld_article(parse_document(html)).get("articleBody"))).strip()
    if generic is None or prefer_jsonld(generic, article_body):
        return clean_body_html(paragraphs_html(article_body), SITE) if article_body else ""
    return clean_body_html(generic.body_html, SITE, generic.title)


def trafilatura_precision(url: str, html: str) -> str:
    options = {"favor_precision": True, "include_comments": False, "include_tables": False}
    return trafilatura.extract(html, url=url, **options) or ""


def trafilatura_default(url: str, html: str) -> str:
    return trafilatura.extract(html, url=url) or ""


EXTRACTORS = {
    "project": project,
    "trafilatura_precision": trafilatura_precision,
    "trafilatura": trafilatura_default,
}


def scores_cell(precision: float, recall: float, f1: float) -> str:
    return f"P{precision:.2f} R{recall:.2f} F{f1:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "realpages")
    args = parser.parse_args()
    per_page: dict[str, dict[str, list[float]]] = {}
    totals = {name: [0, 0, 0] for name in EXTRACTORS}  # overlap, extracted, expected tokens
    for folder in sorted(p for p in args.pages.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        html = (folder / "page.html").read_text(encoding="utf-8", errors="replace")
        truth = "\n".join(expected["paragraphs"])
        by_character = folder.name.startswith("jp-")
        per_page[folder.name] = {}
        for name, extract in EXTRACTORS.items():
            text = extract(expected["url"], html)
            scores = precision_recall_f1(text, truth, by_character)
            per_page[folder.name][name] = [round(v, 3) for v in scores]
            got, want = tokens(text, by_character), tokens(truth, by_character)
            for i, n in enumerate((sum((got & want).values()), sum(got.values()), sum(want.values()))):
                totals[name][i] += n
    overall = {}
    for name, (overlap, extracted, expected) in totals.items():
        p, r = overlap / extracted, overlap / expected
        overall[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3)}
    print(f"{'page':<28}" + "".join(f"{name:>24}" for name in EXTRACTORS))
    for page, scores in per_page.items():
        print(f"{page:<28}" + "".join(f"{scores_cell(*scores[n]):>24}" for n in EXTRACTORS))
    print(
        f"{'overall (micro)':<28}" + "".join(f"{scores_cell(*overall[n].values()):>24}" for n in EXTRACTORS)
    )
    lowered = [page for page, s in per_page.items() if s["project"][2] < s["trafilatura_precision"][2]]
    print(f"pages where the project scores below trafilatura's precision mode: {lowered or 'none'}")
    out = REPO / "bench" / "results" / "realpages.json"
    out.parent.mkdir(exist_ok=True)
    result = {"overall": overall, "pages": per_page, "below_trafilatura_precision": lowered}
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
