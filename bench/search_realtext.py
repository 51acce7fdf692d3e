"""Benchmark: search on real sentences nobody here wrote, against Lucene's Hindi analyzer.

    python -m bench.search_realtext [--realtext ../shared/realtext] [--bengali DIR] [--misses 20]
                                    [--json FILE]

The treebanks in ``../shared/realtext`` (Hindi PUD, Marathi UFAL; CC BY-SA, read with ``conllu``) carry each
word's gold lemma and part of speech. Every sentence is stored as one article of its language's site, the way
a crawl stores it (``upsert_articles``), and searched as the ``search`` canned query searches
(``search_match``: the typed word expanded to the indexed spellings of its forms). A query is a lemma of a
noun, proper noun, verb or adjective that occurs inflected (some word of it is written otherwise than the
lemma); the sentences it should find are those holding a word of that lemma, whatever its part of speech.
Recall and precision are over (query, sentence) pairs, all queries of a language and part of speech
together; precision counts as wrong every sentence found that holds no word of the lemma.

How the treebanks are read: lemmas are compared in their normalised spelling (the Hindi treebank writes some
with a nukta its words lack: ``ऩया`` beside ``नया``), and typed in their most frequent spelling; a lemma is
queried as it is written, which is its dictionary form — a Hindi verb's
infinitive (करना), a Marathi verb's -णे form (करणे). Lemmas no reader types are left out: the Hindi treebank's
lemmas of the copula है and था (``हैना``, ``थाना``, made by its conversion), and ``जा``, the lemma it gives
one adjective (जानी, "known"), which made ``जा`` an adjective query finding every जा of जाना. A lemma
annotated as its own form (some Marathi verbs: ``निघाली``) is no query unless another word of it is written
otherwise.

``--bengali``: a checkout of UniversalDependencies/UD_Bengali-BRU (112 sentences, CC BY-SA; its verbs'
lemmas are their verbal nouns, করা, the form a reader types), searched the same way, beside Lucene's
``BengaliAnalyzer``: a small third treebank the project does not hold.

Lucene: Debian's ``liblucene8-java`` (``make lucene``), its ``HindiAnalyzer`` with its stop list over the same
sentences and lemmas, for Hindi and Marathi (Lucene has no Marathi analyzer), its ``BengaliAnalyzer`` for
Bengali; a sentence is found when it holds
every term of the analysed lemma (a lemma that is a stop word finds nothing). Also shown: the project without
the evidence rule (no reading ``doubtful``), to see what that rule buys.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conllu import parse_incr

from crawler.markup.text import normalize_text
from crawler.search.normalise import normalise
from crawler.storage import search_vocabulary
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database

REPO = Path(__file__).resolve().parent.parent
REALTEXT = REPO.parent / "shared" / "realtext"
TREEBANKS = {"hi": "hi_pud", "mr": "mr_ufal"}
PARTS_OF_SPEECH = {"NOUN": "nouns", "PROPN": "proper nouns", "VERB": "verbs", "ADJ": "adjectives"}
NOT_WORDS = {"हैना", "थाना", "जा"}
LUCENE_JARS = Path("/usr/share/java")
LUCENE_SOURCE = REPO / "bench" / "lucene" / "Analyze.java"
LUCENE_CLASSES = REPO / "build" / "lucene-analyze"


@dataclass
class Treebank:
    """A treebank's sentences, and per (lemma, part of speech) queried, the sentences holding the lemma."""

    language: str
    sentences: list[str] = field(default_factory=list)
    holding: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    queries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # part of speech → lemmas
    spellings: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def typed(self, lemma: str) -> str:
        """How a reader types ``lemma``: its most frequent spelling in the treebank."""
        return self.spellings[lemma].most_common(1)[0][0]


def read_treebank(folder: Path, language: str) -> Treebank:
    treebank = Treebank(language)
    parts_of_speech: dict[str, Counter[str]] = defaultdict(Counter)
    inflected: set[str] = set()
    for path in sorted(folder.glob("*.conllu")):
        with path.open(encoding="utf-8") as lines:
            for sentence in parse_incr(lines):
                number = len(treebank.sentences)
                treebank.sentences.append(sentence.metadata["text"])
                for word in sentence:
                    if not isinstance(word["id"], int) or not word["lemma"] or word["lemma"] == "_":
                        continue
                    lemma = normalise(word["lemma"])
                    treebank.spellings[lemma][word["lemma"]] += 1
                    treebank.holding[lemma].add(number)
                    parts_of_speech[lemma][word["upos"]] += 1
                    if word["lemma"] not in NOT_WORDS and normalise(word["form"]) != lemma:
                        inflected.add(lemma)
    for lemma in inflected:
        part_of_speech = parts_of_speech[lemma].most_common(1)[0][0]
        if part_of_speech in PARTS_OF_SPEECH:
            treebank.queries[part_of_speech].add(lemma)
    return treebank


def store(treebanks: list[Treebank], path: Path) -> dict[int, tuple[str, int]]:
    """Every sentence stored as an article of its language's site; rowid → (language, sentence number)."""
    db = open_database(path)
    rows = []
    for treebank in treebanks:
        for number, text in enumerate(treebank.sentences):
            url = f"https://{treebank.language}.realtext.example/{number}"
            rows.append({
                "url": url, "site": f"abplive-{treebank.language}", "language": treebank.language,
                "title": f"sentence {number}", "body": normalize_text(text),
                "published_at": "2026-11-25T10:00:00+05:30", "published_date": "2026-11-25",
                "content_hash": f"{treebank.language}{number}",
            })  # fmt: skip
    upsert_articles(db, rows, [])
    db.close()
    conn = sqlite3.connect(path)
    found = {}
    for rowid, url in conn.execute("select rowid, url from articles"):
        host, _, number = url.removeprefix("https://").partition("/")
        found[rowid] = (host.split(".")[0], int(number))
    conn.close()
    return found


def project_search(
    path: Path, rows: dict[int, tuple[str, int]], treebank: Treebank, lemmas: set[str]
) -> dict:
    """Per lemma, the sentences of the treebank's language the search page finds."""
    conn = sqlite3.connect(path)
    found = {}
    for lemma in lemmas:
        match = search_vocabulary.search_match(conn, treebank.typed(lemma))
        hits = conn.execute("select rowid from article_texts_fts where article_texts_fts match ?", [match])
        found[lemma] = {rows[rowid][1] for (rowid,) in hits if rows[rowid][0] == treebank.language}
    conn.close()
    return found


def lucene_terms(lines: list[str], language: str = "hi") -> list[set[str]]:
    """Each line's terms by Lucene's analyzer of the language (Hindi's for Hindi and Marathi)."""
    jars = ":".join(
        str(next(LUCENE_JARS.glob(f"lucene-{name}-8*.jar"), LUCENE_JARS / f"lucene-{name}.jar"))
        for name in ("core", "analyzers-common")
    )
    if not all(Path(jar).exists() for jar in jars.split(":")):
        raise SystemExit("search_realtext: Lucene's jars are not in /usr/share/java: run make lucene")
    compiled = LUCENE_CLASSES / "Analyze.class"
    if not compiled.exists() or compiled.stat().st_mtime < LUCENE_SOURCE.stat().st_mtime:
        LUCENE_CLASSES.mkdir(parents=True, exist_ok=True)
        subprocess.run(["javac", "-cp", jars, "-d", str(LUCENE_CLASSES), str(LUCENE_SOURCE)], check=True)
    text = "".join(line.replace("\n", " ") + "\n" for line in lines)
    output = subprocess.run(
        ["java", "-cp", f"{jars}:{LUCENE_CLASSES}", "Analyze", "bengali" if language == "bn" else "hindi"],
        input=text,
        capture_output=True,
        check=True,
        encoding="utf-8",
    ).stdout
    return [set(line.split()) for line in output.splitlines()]


def lucene_search(treebank: Treebank, lemmas: set[str]) -> dict[str, set[int]]:
    ordered = sorted(lemmas)
    terms = lucene_terms(treebank.sentences + [treebank.typed(lemma) for lemma in ordered], treebank.language)
    sentence_terms, lemma_terms = terms[: len(treebank.sentences)], terms[len(treebank.sentences) :]
    return {
        lemma: {n for n, held in enumerate(sentence_terms) if wanted and wanted <= held}
        for lemma, wanted in zip(ordered, lemma_terms, strict=True)
    }


def scores(treebank: Treebank, lemmas: set[str], found: dict[str, set[int]]) -> dict[str, Any]:
    relevant = sum(len(treebank.holding[lemma]) for lemma in lemmas)
    retrieved = sum(len(found[lemma]) for lemma in lemmas)
    right = sum(len(found[lemma] & treebank.holding[lemma]) for lemma in lemmas)
    return {
        "recall": round(100 * right / relevant, 1) if relevant else None,
        "precision": round(100 * right / retrieved, 1) if retrieved else None,
    }


def misses(treebank: Treebank, lemmas: set[str], found: dict[str, set[int]], limit: int) -> dict[str, list]:
    """Words of a lemma in sentences not found, and words of sentences found that hold no word of it."""
    missed, wrong = [], []
    for lemma in sorted(lemmas):
        for number in sorted(treebank.holding[lemma] - found[lemma]):
            missed.append(f"{lemma}: {treebank.sentences[number][:80]}")
        for number in sorted(found[lemma] - treebank.holding[lemma]):
            wrong.append(f"{lemma}: {treebank.sentences[number][:80]}")
    return {"missed": missed[:limit], "wrong": wrong[:limit]}


def run(realtext: Path, misses_shown: int, bengali: Path | None = None) -> dict[str, Any]:
    treebanks = [read_treebank(realtext / folder, language) for language, folder in TREEBANKS.items()]
    if bengali is not None:
        treebanks.append(read_treebank(bengali, "bn"))
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "realtext.db"
        rows = store(treebanks, path)
        for treebank in treebanks:
            lucene = lucene_search(treebank, set().union(*treebank.queries.values()))
            for pos, name in PARTS_OF_SPEECH.items():
                lemmas = treebank.queries[pos]
                found = project_search(path, rows, treebank, lemmas)
                asks = search_vocabulary.doubtful
                search_vocabulary.doubtful = lambda _: False
                try:
                    without_evidence = project_search(path, rows, treebank, lemmas)
                finally:
                    search_vocabulary.doubtful = asks
                results[f"{treebank.language} {name}"] = {
                    "queries": len(lemmas),
                    "pairs": sum(len(treebank.holding[lemma]) for lemma in lemmas),
                    "project": scores(treebank, lemmas, found),
                    "without evidence rule": scores(treebank, lemmas, without_evidence),
                    "lucene": scores(treebank, lemmas, lucene),
                    **(misses(treebank, lemmas, found, misses_shown) if misses_shown else {}),
                }
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| treebank, part of speech | queries | pairs | project R / P | without evidence rule R / P | "
        "Lucene R / P |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in results.items():
        cells = [
            f"{row[key]['recall']} / {row[key]['precision']}"
            for key in ("project", "without evidence rule", "lucene")
        ]
        lines.append(f"| {name} | {row['queries']} | {row['pairs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realtext", type=Path, default=REALTEXT)
    parser.add_argument("--bengali", type=Path, help="a checkout of UniversalDependencies/UD_Bengali-BRU")
    parser.add_argument("--misses", type=int, default=0, help="show this many misses and wrong finds a row")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = run(args.realtext, args.misses, args.bengali)
    print(table(results))
    for name, row in results.items():
        for kind in ("missed", "wrong"):
            for line in row.get(kind, []):
                print(f"{name} {kind}: {line}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
