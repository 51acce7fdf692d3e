"""Search that understands Indian languages: spellings, encodings, digits and inflections find each other,
different words stay apart, and any typed text answers (through the pages a reader uses)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from datasette.plugins import pm

from crawler.cli.serve import archive_datasette
from crawler.markup.text import normalize_text
from crawler.search.inflection import search_keys, typed_keys
from crawler.search.normalise import normalise, normalise_words, tokens
from crawler.search.query import MAX_CLAUSES, NOTHING, match_expression, parse_query
from crawler.search.spellings import indexed_spellings
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from crawler.storage.search_vocabulary import VOCABULARY
from tests.search_cases import DIFFERENT, GROUPS

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
SEED = GOLDEN.parent / "seed"
# Groups of forms of one word: each form must find the articles of every form. (site, forms)
VARIANT_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("abplive-hi", ("हिंदी", "हिन्दी")),
    ("abplive-hi", ("ज़िंदगी", "जिंदगी", "जिन्दगी", "ज\u093cिंदगी")),  # precomposed ज़ U+095B and ज + nukta
    ("abplive-hi", ("गांधी", "गाँधी")),
    ("abplive-hi", ("कानून", "क़ानून")),
    ("abplive-hi", ("ज्यादा", "ज़्यादा")),
    ("abplive-hi", ("पहुंचा", "पहुँचा")),
    ("abplive-hi", ("संबंध", "सम्बन्ध")),  # nasal + virama before a stop, for म् as for न्
    ("abplive-hi", ("2024", "२०२४")),
    ("abplive-hi", ("किसान", "किसानों")),
    ("abplive-hi", ("सरकार", "सरकारें", "सरकारों")),
    ("abplive-hi", ("कहानी", "कहानियां", "कहानियाँ", "कहानियों")),
    ("abplive-hi", ("लड़का", "लड़के", "लड़कों")),
    ("abplive-hi", ("माता", "माताएं", "माताओं")),
    ("abplive-hi", ("नीति", "नीतियों")),
    ("abplive-mr", ("महाराष्ट्र", "महाराष्‍ट्र")),  # a zero-width joiner typed inside the word
    ("abplive-mr", ("३१", "31")),
    ("abplive-mr", ("शेतकऱ्यांसाठी", "शेतकर्‍यांसाठी")),  # eyelash ra: ऱ + virama, or र + virama + ZWJ
    ("abplive-bn", ("সরকারি", "সরকারী")),
    ("abplive-bn", ("রূপ", "রুপ")),
    ("abplive-bn", ("বিজয়", "বিজ\u09df")),  # য় decomposed (NFC) and precomposed U+09DF
    ("abplive-bn", ("১২", "12")),
    ("abplive-pa", ("ਜ਼ਿਲ੍ਹਾ", "\u0a5bਿਲ੍ਹਾ")),  # ਜ + nukta and precomposed ਜ਼ U+0A5B
    ("abplive-pa", ("ਆਮ", "ਅਾਮ")),  # ਆ and ਅ + ਾ look the same
    ("abplive-gu", ("આજે", "અાજે")),  # આ and અ + ા
    ("abplive-gu", ("૨૦૨૫", "2025")),
    ("abplive-ta", ("கொண்டு", "கொண்டு")),  # ொ and ெ + ா
    ("abplive-te", ("౧౦", "10")),
]
# Different words that must not find each other (the over-merges of Lucene's analyzers, and our own kinds).
DIFFERENT_WORDS: list[tuple[str, str]] = [
    ("हिंदी", "हिंदू"),
    ("पता", "पति"),
    ("दिन", "दीन"),
    ("कला", "कल"),
    ("बैल", "बेल"),
    ("चिता", "चीता"),
    ("काला", "काल"),
    ("बहुत", "बहू"),
    ("मेल", "मैल"),
    ("জল", "জাল"),
]
ODD_QUERIES = [
    "कोरोना: नए मामले",
    '"अधूरा',
    "(",
    "AND",
    "*",
    "NEAR(",
    "हिंदी -",
    "किसान OR",
    "^",
    "a:b:c",
    " ".join(["किसान", "ab"] * 1000),  # a 2,000-word paste (as long as a test client lets a URL be)
    "OR OR",
    "NOT किसान",
    '"" ""',
    "किसान) OR (सरकार",
    "col:किसान",
    "+-*/\\",
]


def test_normalisation_repairs_encodings_and_folds_accepted_spellings() -> None:
    assert normalise("हिन्दी") == normalise("हिंदी") == "हिंदी"
    assert normalise("ज़िंदगी") == normalise("जिन्दगी") == "जिंदगी"
    assert normalise("गाँधी") == "गांधी"
    assert normalise("अा") == "आ" and normalise("অা") == "আ" and normalise("અા") == "આ"
    assert normalise("ੲਿ") == "ਇ" and normalise("ੳੁ") == "ਉ"
    assert normalise("கொ") == "கொ"
    assert normalise("\u09df") == normalise("য\u09bc")  # Bengali য়, both encodings
    assert normalise("\u0a5b") == normalise("ਜ\u0a3c")
    assert normalise("২০২৪ ੨੦੨੪ ૨૦૨૪ ௨௦௨௪ ౨౦౨౪") == "2024 2024 2024 2024 2024"
    assert normalise("ABP") == "abp"


def test_normalisation_keeps_what_distinguishes_words() -> None:
    # Long and short vowels, the virama, y-ra-la-va-ha after a nasal, and Bengali য় against য.
    assert normalise("दिन") != normalise("दीन")
    assert normalise("छात्र") == "छात्र"
    assert normalise("तुम्हारा") == "तुम्हारा" and normalise("उम्र") == "उम्र"
    assert normalise("য়") != normalise("য")
    # Telugu వ + ు and మ look alike in some fonts but are different letters (Lucene's rule, left out).
    assert normalise("వు") != normalise("మ")


def test_words_normalised_together_are_normalised_as_one_by_one() -> None:
    """The export folds a batch's new words in one pass: the same as a call a word, on the words of the
    golden pages, the seed article and the search cases, and on words whose rules look past their end."""
    pages = [json.loads(path.read_text(encoding="utf-8")) for path in GOLDEN.rglob("expected.json")]
    words = {word for page in pages for word in f"{page['title']} {page['body']}".split()}
    words |= {word for path in SEED.glob("*.txt") for word in path.read_text(encoding="utf-8").split()}
    words |= {form for _, forms in GROUPS for form in forms} | {w for _, *pair in DIFFERENT for w in pair}
    words |= {"हिन्", "दी", "गाँ", "ज़", "अ", "ा", "২০২৪", "र\u094d\u200dय", "ABP", "Straße", "ন্\u200d", "ত"}
    ordered = sorted(words)
    assert len(ordered) > 800
    assert normalise_words(ordered) == [normalise(word) for word in ordered]
    assert normalise_words(["न्", "क"]) == [normalise("न्"), "क"] and normalise_words([]) == []


def test_tokens_split_as_the_full_text_index_does() -> None:
    assert tokens("कांग्रेस: नए-मामले, २०२४!") == ["कांग्रेस", "नए", "मामले", "२०२४"]


@pytest.mark.parametrize(("site", "forms"), VARIANT_GROUPS)
def test_every_form_of_a_word_shares_a_key_with_every_other(site: str, forms: tuple[str, ...]) -> None:
    for form in forms:
        for other in forms:
            assert search_keys(form) & search_keys(other), (form, other)


@pytest.mark.parametrize(("site", "forms"), VARIANT_GROUPS)
def test_every_form_is_generated_from_every_other(site: str, forms: tuple[str, ...]) -> None:
    for form in forms:
        generated = indexed_spellings(form)
        assert generated[0] == form
        for other in forms:  # as the index holds it: NFC
            assert normalize_text(other) in generated, (form, other)


def test_spellings_differing_in_three_places_are_generated() -> None:
    # Nukta, nasal + virama and chandrabindu: ज़िन्दगियाँ against the key's जिंदगियां.
    assert "जिंदगियां" in indexed_spellings("ज़िन्दगियाँ")
    assert "ज़िन्दगियाँ" in indexed_spellings("जिंदगी")
    assert "सम्बन्धों" in indexed_spellings("संबंध")


@pytest.mark.parametrize(("word", "other"), DIFFERENT_WORDS)
def test_different_words_share_no_key(word: str, other: str) -> None:
    # As search reads them: one typed, the other as the index holds it.
    assert not typed_keys(word) & search_keys(other) and not typed_keys(other) & search_keys(word)
    assert other not in indexed_spellings(word) and word not in indexed_spellings(other)


def test_short_words_keep_their_endings() -> None:
    assert typed_keys("के") == {"के"} and typed_keys("में") == {"में"}
    assert typed_keys("कला") == {"कला"}


@pytest.mark.parametrize("typed", ODD_QUERIES)
def test_any_typed_text_is_a_valid_query(typed: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table t using fts5(x, tokenize=\"unicode61 categories 'L* N* Co M*'\")")
    db.execute("insert into t values ('किसान सरकार a b c and near')")
    expression = match_expression(parse_query(typed), lambda word: [word.upper(), word + "ों"])
    db.execute("select count(*) from t where t match ?", [expression]).fetchone()


def test_well_formed_syntax_keeps_its_meaning_and_costs_are_capped() -> None:
    query = parse_query('"हिंदी भाषा" OR किसान कांग्रे*')
    assert [[clause.words for clause in group] for group in query.groups] == [
        [("हिंदी", "भाषा"), ("किसान",)],
        [("कांग्रे",)],
    ]
    assert query.groups[1][0].prefix and not query.note
    long = parse_query(" ".join(f"शब्द{n}" for n in range(2000)))
    assert len(long.groups) == MAX_CLAUSES and "first 16 words" in long.note
    assert match_expression(parse_query("( ^ *"), lambda word: []) == NOTHING
    assert "no word to search for" in parse_query("( ^ *").note


def article(site: str, word: str) -> dict[str, Any]:
    language = site.removeprefix("abplive-")
    digest = hashlib.sha1(f"{site}{word}".encode()).hexdigest()[:12]
    return {
        "url": f"https://{language}.example/{digest}",
        "site": site,
        "language": language,
        "title": f"खबर {digest}",
        # As extraction stores text: NFC (a precomposed nukta letter is stored decomposed).
        # Its words are none of the words tested (a filler "पहला" once made every search of पहला find all).
        "body": normalize_text(f"शुरू का वाक्य। इस लेख में {word} शब्द आता है। अंतिम वाक्य।"),
        "published_at": "2026-11-25T10:00:00+05:30",
        "published_date": "2026-11-25",
        "content_hash": digest,
    }


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], str]]:
    """One short article per word form (the held-out set's shape), stored by the store."""
    path = tmp_path_factory.mktemp("search") / "search.db"
    db = open_database(path)
    urls: dict[tuple[str, str], str] = {}
    rows = []
    words = [(site, form) for site, forms in VARIANT_GROUPS for form in forms]
    words += [("abplive-hi", word) for pair in DIFFERENT_WORDS for word in pair]
    for site, word in dict.fromkeys(words):
        row = article(site, word)
        urls[(site, word)] = row["url"]
        rows.append(row)
    upsert_articles(db, rows, [])
    db.close()
    return path, urls


def get(db: Path, path: str) -> Any:
    async def fetch() -> Any:
        response = await archive_datasette(db).client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json() if ".json" in path else response.text

    return asyncio.run(fetch())


def search(db: Path, q: str) -> set[str]:
    return {row["url"] for row in get(db, f"/{db.stem}/search.json?_shape=array&q={quote(q)}")}


@pytest.mark.parametrize(("site", "forms"), VARIANT_GROUPS)
def test_each_form_finds_every_article_of_its_group(archive, site: str, forms: tuple[str, ...]) -> None:
    db, urls = archive
    group = {urls[(site, form)] for form in forms}
    for form in forms:
        assert group <= search(db, form), form


@pytest.mark.parametrize(("word", "other"), DIFFERENT_WORDS)
def test_a_different_word_does_not_find_the_other(archive, word: str, other: str) -> None:
    db, urls = archive
    assert urls[("abplive-hi", other)] not in search(db, word)
    assert urls[("abplive-hi", word)] not in search(db, other)


@pytest.mark.parametrize("typed", ODD_QUERIES)
def test_every_typed_query_answers_on_every_search_page(archive, typed: str) -> None:
    db, _ = archive
    q = quote(typed)
    get(db, f"/{db.stem}/search.json?_shape=array&q={q}")
    get(db, f"/{db.stem}/search?q={q}")
    get(db, f"/{db.stem}/articles.json?_search={q}")
    get(db, f"/{db.stem}/-/trends?q={q}")


def test_the_results_page_highlights_the_spelling_the_article_uses(archive) -> None:
    db, urls = archive
    [row] = [
        row
        for row in get(db, f"/{db.stem}/search.json?_shape=array&q={quote('हिन्दी')}")
        if row["url"] == urls[("abplive-hi", "हिंदी")]
    ]
    assert "«हिंदी»" in row["snippet"]
    html = get(db, f"/{db.stem}/search?q={quote('हिन्दी')}")
    assert "<mark>हिंदी</mark>" in html and "<mark>हिन्दी</mark>" in html


def test_the_results_page_says_what_an_overlong_query_left_out(archive) -> None:
    db, _ = archive
    html = get(db, f"/{db.stem}/search?q={quote(' '.join(['सरकार'] * 40))}")
    assert "only the first 16 words were searched" in html


def test_the_table_search_box_finds_every_spelling_among_the_newest_matches(archive) -> None:
    db, urls = archive
    html = get(db, f"/{db.stem}/articles")
    assert '<input id="_search" type="search" name="_search"' in html and '<a href="search">' in html
    rows = get(db, f"/{db.stem}/articles.json?_shape=array&_search={quote('सरकारों')}")
    assert {row["url"] for row in rows} == {
        urls[("abplive-hi", form)] for form in ("सरकार", "सरकारें", "सरकारों")
    }
    page = get(db, f"/{db.stem}/articles?_search={quote('हिन्दी')}")
    assert "search matches &#34;हिन्दी&#34; in every spelling" in page and "2 rows" in page


def test_the_table_search_box_says_when_it_shows_only_the_newest_matches(archive, monkeypatch) -> None:
    db, _ = archive
    get(db, f"/{db.stem}/articles.json")  # the plugins directory loaded
    [plugin] = [module for module in pm.get_plugins() if getattr(module, "__name__", "") == "archive.py"]
    monkeypatch.setattr(plugin, "TABLE_SEARCH_SQL", plugin.TABLE_SEARCH_SQL.replace("limit 10000", "limit 1"))
    monkeypatch.setattr(plugin, "TABLE_SEARCH_MATCHES", 1)
    page = get(db, f"/{db.stem}/articles?_search={quote('हिन्दी')}")
    assert "the newest 1 of 2 matches" in page


def test_trends_for_a_term_count_every_spelling(archive) -> None:
    db, _ = archive
    html = get(db, f"/{db.stem}/-/trends?days=30&q={quote('कहानी')}")
    assert "ABP News (Hindi): 4" in html, re.findall(r"ABP News \(Hindi\): [0-9]+|cannot chart[^<]*", html)


def test_an_older_archive_searches_every_spelling_once_opened(tmp_path: Path) -> None:
    """An archive without the vocabulary view, or with the vocabulary tables the store kept before b5ec637,
    is upgraded in place."""
    path = tmp_path / "old.db"
    db = open_database(path)
    upsert_articles(db, [article("abplive-hi", "हिंदी"), article("abplive-hi", "सरकारों")], [])
    db.execute(f"drop table {VOCABULARY}")
    db.execute("create table search_terms (key text, term text)")
    db.close()
    open_database(path).close()
    assert len(search(path, "हिन्दी")) == 1 and len(search(path, "सरकार")) == 1
    tables = set(sqlite3.connect(path).execute("select name from sqlite_master").fetchall())
    assert (VOCABULARY,) in tables and ("search_terms",) not in tables


def test_storing_writes_nothing_but_the_article_and_its_index(tmp_path: Path) -> None:
    """The search costs the store nothing: no table beside the full-text index grows with the words."""
    db = open_database(tmp_path / "a.db")
    counts_before = _row_counts(db)
    upsert_articles(db, [article("abplive-hi", "अनोखा")], [])
    grown = {name for name, count in _row_counts(db).items() if count != counts_before[name]}
    # The kept counts have a row per site and byline or section, none per word.
    assert {name for name in grown if not name.startswith("article_texts_fts")} == {
        "articles",
        "article_texts",
        "authors",
        "sections",
    }
    assert search(tmp_path / "a.db", "अनोखे")  # and the new word is found in another form at once


def _row_counts(db: Any) -> dict[str, int]:
    names = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
    return {name: db.execute(f"select count(*) from [{name}]").fetchone()[0] for name in names}
