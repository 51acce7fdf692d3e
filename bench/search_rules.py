"""What the inflection rules of Marathi, Bengali, Gujarati and Punjabi find and merge.

Per language: of the test cases' words (``tests/search_cases.py``, one article per form, searched through
the search page's JSON as a reader would), the inflected forms the plain form finds and the pairs of
different words kept apart; then, per rule, the merges it makes among every word the project's pages hold
(golden pages, local site copies, test cases): which attested words it reads as a form of another attested
word. Run: ``python -m bench.search_rules``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from crawler.search.inflection import inflections, languages_of
from crawler.search.normalise import normalise, tokens
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from tests.search_cases import DIFFERENT, GROUPS
from tests.test_search import article, search

REPO = Path(__file__).resolve().parent.parent
SITE_LANGUAGE = {
    "abplive-hi": "hi",
    "abplive-mr": "mr",
    "abplive-bn": "bn",
    "abplive-gu": "gu",
    "abplive-pa": "pa",
}


def found_and_apart() -> dict[str, dict[str, int]]:
    """Per language: forms found from the plain form (of all), pairs kept apart (of all)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.db"
        db = open_database(path)
        words = [(site, form) for site, forms in GROUPS for form in forms]
        words += [(site, word) for site, *pair in DIFFERENT for word in pair]
        rows = {word: article(*word) for word in dict.fromkeys(words)}
        upsert_articles(db, list(rows.values()), [])
        db.close()
        urls = {word: row["url"] for word, row in rows.items()}
        result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for site, forms in GROUPS:
            found = search(path, forms[0])
            counts = result[SITE_LANGUAGE[site]]
            counts["words"] += 1
            counts["forms"] += len(forms) - 1
            counts["forms_found"] += sum(urls[(site, form)] in found for form in forms[1:])
        for site, word, other in DIFFERENT:
            counts = result[SITE_LANGUAGE[site]]
            counts["pairs"] += 1
            apart = urls[(site, other)] not in search(path, word) and urls[(site, word)] not in search(
                path, other
            )
            counts["pairs_apart"] += apart
    return {language: dict(counts) for language, counts in result.items()}


def project_words() -> set[str]:
    """Every word of the project's golden pages and site copies, and of the test cases."""
    words = {normalise(form) for _, forms in GROUPS for form in forms}
    words |= {normalise(word) for _, *pair in DIFFERENT for word in pair}
    for path in (REPO / "tests" / "fixtures").rglob("*"):
        if path.suffix in (".json", ".html") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.name == "expected.json":
                text = " ".join(str(value) for value in json.loads(text).values())
            words |= {normalise(word) for word in tokens(text)}
    return words


def rule_merges(words: set[str]) -> dict[str, dict[str, list[str]]]:
    """Per language and rule (its ending): ``word → base`` where both are attested words."""
    merges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word in sorted(words):
        if not set(languages_of(word)) & set(SITE_LANGUAGE.values()):
            continue
        for reading in inflections(word):
            if reading.language != "hi" and reading.base in words and reading.base != word:
                flag = " (needs a second form)" if reading.ending.attested else ""
                merges[reading.language][reading.ending.text].append(f"{word} → {reading.base}{flag}")
    return merges


def main() -> int:
    for language, counts in sorted(found_and_apart().items()):
        found = (
            f"{counts['forms_found']} of {counts['forms']} inflected forms of {counts['words']} words found "
            "from the plain form; "
            if counts.get("words")
            else ""
        )
        print(
            f"{language}: {found}{counts['pairs_apart']} of {counts['pairs']} different-word pairs kept apart"
        )
    words = project_words()
    print(f"\nwhat each rule merges among the {len(words):,} words the project's pages and cases hold:")
    for language, rules in sorted(rule_merges(words).items()):
        for ending, merged in sorted(rules.items(), key=lambda item: -len(item[1])):
            more = " …" if len(merged) > 6 else ""
            print(f"  {language} -{ending}: {len(merged)}: {', '.join(merged[:6])}{more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
