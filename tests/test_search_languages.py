"""Inflections in Marathi, Bengali, Gujarati and Punjabi: searching a word as a person types it (its plain
form) finds every inflected form, and different words that look like a word and an ending stay apart.
One article per form, as the held-out site copies hold them, searched through the search page's JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.search.endings import LANGUAGE_ENDINGS
from crawler.search.inflection import inflections, shortened
from crawler.search.normalise import normalise
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from tests.search_cases import DICTIONARY_FORMS, DIFFERENT, GROUPS, NOT_FORMS
from tests.test_search import article, search


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], str]]:
    path = tmp_path_factory.mktemp("languages") / "languages.db"
    db = open_database(path)
    words = [(site, form) for site, forms in GROUPS for form in forms]
    words += [(site, word) for site, *pair in DIFFERENT + NOT_FORMS for word in pair]
    words += [(site, form) for site, forms in DICTIONARY_FORMS for form in forms]
    words += [("abplive-hi", "पहले"), ("abplive-hi", "दूसरे")]
    rows = {word: article(site, form) for word in dict.fromkeys(words) for site, form in [word]}
    upsert_articles(db, list(rows.values()), [])
    db.close()
    return path, {word: row["url"] for word, row in rows.items()}


@pytest.mark.parametrize(("site", "forms"), GROUPS, ids=[forms[0] for _, forms in GROUPS])
def test_the_plain_form_finds_every_inflected_form(archive, site: str, forms: tuple[str, ...]) -> None:
    db, urls = archive
    found = search(db, forms[0])
    assert [form for form in forms if urls[(site, form)] not in found] == []


@pytest.mark.parametrize(("site", "forms"), GROUPS, ids=[forms[0] for _, forms in GROUPS])
def test_an_inflected_form_finds_its_plain_form(archive, site: str, forms: tuple[str, ...]) -> None:
    db, urls = archive
    assert [form for form in forms[1:] if urls[(site, forms[0])] not in search(db, form)] == []


@pytest.mark.parametrize(("site", "word", "other"), DIFFERENT, ids=[f"{w}-{o}" for _, w, o in DIFFERENT])
def test_different_words_stay_apart(archive, site: str, word: str, other: str) -> None:
    db, urls = archive
    assert urls[(site, other)] not in search(db, word)
    assert urls[(site, word)] not in search(db, other)


@pytest.mark.parametrize(("site", "forms"), DICTIONARY_FORMS, ids=[forms[0] for _, forms in DICTIONARY_FORMS])
def test_the_dictionary_form_finds_every_form(archive, site: str, forms: tuple[str, ...]) -> None:
    db, urls = archive
    found = search(db, forms[0])
    assert [form for form in forms if urls[(site, form)] not in found] == []


@pytest.mark.parametrize(("site", "typed", "other"), NOT_FORMS, ids=[f"{t}-{o}" for _, t, o in NOT_FORMS])
def test_a_rule_does_not_join_these_different_words(archive, site: str, typed: str, other: str) -> None:
    db, urls = archive
    assert urls[(site, other)] not in search(db, typed)


def test_each_language_has_at_least_as_many_different_word_pairs_as_groups() -> None:
    for site in {site for site, _ in GROUPS}:
        groups = sum(1 for group_site, _ in GROUPS if group_site == site)
        assert sum(1 for pair_site, *_ in DIFFERENT if pair_site == site) >= groups, site


def test_a_doubtful_hindi_or_marathi_ending_merges_where_an_article_of_that_language_holds_the_form(
    tmp_path,
) -> None:
    """हालात in a Hindi article is no Marathi हाल + ात; in a Marathi article it is (मुंबईत likewise)."""
    db_path = tmp_path / "a.db"
    db = open_database(db_path)
    upsert_articles(db, [article("abplive-hi", "हाल"), article("abplive-hi", "हालात")], [])
    assert len(search(db_path, "हाल")) == 1
    upsert_articles(
        db, [article("abplive-mr", "हालात"), article("abplive-mr", "मुंबई"), article("abplive-mr", "मुंबईत")], []
    )
    db.close()
    assert len(search(db_path, "हाल")) == 3
    assert len(search(db_path, "मुंबई")) == 2


def test_elsewhere_a_doubtful_ending_merges_on_a_second_form_of_the_base(tmp_path) -> None:
    """ભારતનો alone is no proof that it is ભારત + નો; with a second form of ભારત in the archive it is."""
    db_path = tmp_path / "a.db"
    db = open_database(db_path)
    upsert_articles(db, [article("abplive-gu", "ભારત"), article("abplive-gu", "ભારતનો")], [])
    assert len(search(db_path, "ભારત")) == 1
    upsert_articles(db, [article("abplive-gu", "ભારતની")], [])
    db.close()
    assert len(search(db_path, "ભારત")) == 3


def test_an_exact_form_is_searched_with_an_equals_sign(archive) -> None:
    db, urls = archive
    assert search(db, "=मुंबईत") == {urls[("abplive-mr", "मुंबईत")]}
    assert search(db, "=ਕਿਸਾਨ") == {urls[("abplive-pa", "ਕਿਸਾਨ")]}


def test_every_rule_reads_its_own_example_back() -> None:
    """Each language's endings, applied to a stem of its script, give back the stem's base."""
    stems = {"mr": "नागपूर", "bn": "কৃষক", "gu": "ખેડૂત", "pa": "ਕਿਸਾਨ"}
    for language, stem in stems.items():
        for ending in LANGUAGE_ENDINGS[language]:
            if ending.stem == "vowel" or ending.text in ("ो", "ે"):
                continue
            written = shortened(stem) if ending.lengthened_only else stem  # नागपुरीप्रमाणे
            readings = inflections(normalise(f"{written}{ending.text}"))
            assert any(reading.base == normalise(stem + ending.bases[0]) for reading in readings), ending
