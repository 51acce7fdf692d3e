"""How ``make bench-search-realtext`` reads a treebank and searches it (Lucene aside: it needs Java)."""

from __future__ import annotations

from pathlib import Path

from bench.search_realtext import project_search, read_treebank, scores, store
from crawler.search.normalise import normalise

# Sentence 1: नये under a lemma written with a nukta its words lack (ऩया), the copula under its made-up lemma;
# sentence 2: नई under नया, किया under करना; sentence 3: जो tagged PROPN once, PRON twice.
CONLLU = """# text = नये लोग है
1\tनये\tऩया\tADJ\t_\t_\t0\t_\t_\t_
2\tलोग\tलोग\tNOUN\t_\t_\t0\t_\t_\t_
3\tहै\tहैना\tVERB\t_\t_\t0\t_\t_\t_

# text = नई बात किया
1\tनई\tनया\tADJ\t_\t_\t0\t_\t_\t_
2\tबात\tबात\tNOUN\t_\t_\t0\t_\t_\t_
3\tकिया\tकरना\tVERB\t_\t_\t0\t_\t_\t_

# text = जिसे जिसने जिन्हें
1\tजिसे\tजो\tPROPN\t_\t_\t0\t_\t_\t_
2\tजिसने\tजो\tPRON\t_\t_\t0\t_\t_\t_
3\tजिन्हें\tजो\tPRON\t_\t_\t0\t_\t_\t_

"""


def test_lemmas_are_read_normalised_under_their_commonest_part_of_speech(tmp_path: Path) -> None:
    (tmp_path / "hi-test.conllu").write_text(CONLLU, encoding="utf-8")
    treebank = read_treebank(tmp_path, "hi")
    assert treebank.queries["ADJ"] == {normalise("नया")}
    assert treebank.holding[normalise("नया")] == {0, 1}
    assert treebank.queries["VERB"] == {"करना"}  # not the copula's हैना
    assert "जो" not in treebank.queries["PROPN"]
    assert treebank.typed(normalise("नया")) in ("नया", "ऩया")


def test_the_archive_is_searched_as_the_search_page_searches(tmp_path: Path) -> None:
    (tmp_path / "hi-test.conllu").write_text(CONLLU, encoding="utf-8")
    treebank = read_treebank(tmp_path, "hi")
    rows = store([treebank], tmp_path / "realtext.db")
    found = project_search(tmp_path / "realtext.db", rows, treebank, {"करना", normalise("नया")})
    assert found["करना"] == {1}
    assert scores(treebank, {"करना"}, found) == {"recall": 100.0, "precision": 100.0}
    assert scores(treebank, {"करना"}, {"करना": {1, 2}}) == {"recall": 100.0, "precision": 50.0}
