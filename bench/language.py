"""Benchmark: the export's language check on real text nobody here wrote, and on the project's own pages.

    python -m bench.language [--realtext ../shared/realtext] [--json bench/results/language.json]

Real text: the treebanks in ``../shared/realtext`` (Hindi PUD, Marathi UFAL; CC BY-SA), read with the
``conllu`` library: each sentence's ``# text``. An article is 1, 3 or 8 consecutive sentences (each sentence
in one article only), checked as the export checks a row (``columns.language_text``: no title, the sentences
as the body). Each article is checked as if stored on its own language's site (``own``: accuracy is the share
not flagged; ``detected`` the share whose detected language is its own; ``uncertain`` the share kept unflagged
though lingua leaned to the other language), on the other Devanagari language's site (``other``: the share
flagged, every one should be) and on the English site (``english``: likewise). ``confused``: own-site
articles flagged as the other Devanagari language. The project's own pages: every golden case's title and
body on its own site (``own``, one row a language).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from conllu import parse_incr

from crawler.export.columns import language_text
from crawler.export.language import DEVANAGARI_LANGUAGES, detect
from tests.golden import CASES

REALTEXT = Path(__file__).resolve().parents[2] / "shared" / "realtext"
TREEBANKS = {"hi": "hi_pud", "mr": "mr_ufal"}
LENGTHS = (1, 3, 8)


def sentences(folder: Path) -> list[str]:
    """Every sentence's text in a treebank's CoNLL-U files, in file and sentence order."""
    texts = []
    for path in sorted(folder.glob("*.conllu")):
        with path.open(encoding="utf-8") as lines:
            texts.extend(sentence.metadata["text"] for sentence in parse_incr(lines))
    return texts


def articles(texts: list[str], length: int) -> list[str]:
    """Consecutive runs of ``length`` sentences, each sentence in one run."""
    return [" ".join(texts[start : start + length]) for start in range(0, len(texts) - length + 1, length)]


def checked(bodies: list[str], site_language: str) -> tuple[list[str | None], list[bool]]:
    """What the export says of these bodies stored on a site of ``site_language``."""
    detected, _, flagged = detect(
        [language_text("", body.encode()) for body in bodies], [site_language] * len(bodies)
    )
    return detected, flagged


def share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def realtext_figures(realtext: Path) -> list[dict[str, Any]]:
    rows = []
    for language, folder in TREEBANKS.items():
        other = next(code for code in DEVANAGARI_LANGUAGES if code != language)
        texts = sentences(realtext / folder)
        for length in LENGTHS:
            bodies = articles(texts, length)
            detected, flagged = checked(bodies, language)
            _, flagged_other = checked(bodies, other)
            _, flagged_english = checked(bodies, "en")
            total = len(bodies)
            answers = list(zip(detected, flagged, strict=True))
            rows.append({
                "text": f"{folder} ({language})", "sentences": length, "articles": total,
                "own": share(total - sum(flagged), total),
                "detected": share(sum(found == language for found in detected), total),
                "uncertain": share(sum(found != language and not flag for found, flag in answers), total),
                "confused": share(sum(found == other and flag for found, flag in answers), total),
                "other": share(sum(flagged_other), total),
                "english": share(sum(flagged_english), total),
            })  # fmt: skip
    return rows


def golden_figures() -> list[dict[str, Any]]:
    by_language: dict[str, list[bool]] = defaultdict(list)
    for case in CASES:
        expected = json.loads((case.parent / "expected.json").read_text(encoding="utf-8"))
        text = language_text(expected["title"] or "", (expected["body"] or "").encode())
        _, _, flagged = detect([text], [expected["language"]])
        by_language[expected["language"]].append(flagged[0])
    return [
        {
            "text": f"golden pages ({language})",
            "articles": len(flags),
            "own": share(flags.count(False), len(flags)),
        }
        for language, flags in sorted(by_language.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realtext", type=Path, default=REALTEXT, help="the shared treebanks' folder")
    parser.add_argument("--json", type=Path, default=Path("bench/results/language.json"), help="figures file")
    options = parser.parse_args()
    if not options.realtext.is_dir():
        parser.error(f"{options.realtext} is not a folder: give the shared realtext folder with --realtext")
    real, golden = realtext_figures(options.realtext), golden_figures()
    print(
        f"{'text':<24}{'sents':>6}{'articles':>9}{'own':>7}{'detected':>9}{'uncert':>8}{'confused':>9}{'other':>7}{'english':>8}"
    )
    for row in real:
        print(
            f"{row['text']:<24}{row['sentences']:>6}{row['articles']:>9}{row['own']:>7}{row['detected']:>9}"
            f"{row['uncertain']:>8}{row['confused']:>9}{row['other']:>7}{row['english']:>8}"
        )
    for row in golden:
        print(f"{row['text']:<24}{'':>6}{row['articles']:>9}{row['own']:>7}")
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(
        json.dumps({"realtext": real, "golden": golden}, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
