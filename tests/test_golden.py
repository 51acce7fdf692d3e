"""Golden extraction + cleaning: stored pages in, expected items out (``pytest --regen-golden`` rewrites)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from crawler.cleaning.rules import clean_text_dump
from crawler.extraction.article import extract_article
from crawler.sites import DEFAULT_SITE, SITES
from pipelines.clean import CleanPipeline
from tests.golden import FIXTURES, GOLDEN, case_site, check_golden, golden_cases

CASES = golden_cases()
SEED = FIXTURES / "seed" / "000_95dbf3053e87068b.txt"


def extract_and_clean(case: Path) -> dict:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    html = (case / "page.html").read_text(encoding="utf-8")
    site = SITES[case_site(case)]
    article = extract_article(meta["url"], html, site, sitemap_lastmod=meta.get("sitemap_lastmod"))
    fields = ItemAdapter(CleanPipeline().process_item(article)).asdict()
    for provenance in ("crawled_at", "capture_id", "source"):  # set by the spider: when and where it was read
        del fields[provenance]
    return fields


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[f"{case_site(c)}/{c.name}" for c in CASES])
def test_golden_page(case: Path, regen_golden: bool) -> None:
    check_golden(extract_and_clean(case), case / "expected.json", regen_golden)


def test_golden_seed_text_dump(regen_golden: bool) -> None:
    result = clean_text_dump(SEED.read_text(encoding="utf-8"), SITES[DEFAULT_SITE])
    check_golden(result, SEED.with_suffix(".expected.json"), regen_golden)


def test_every_site_of_the_registry_has_a_golden_page() -> None:
    """Adding a site is data plus a golden page: a profile without one fails here (as fundus fails a
    publisher without test data)."""
    covered = {case_site(case) for case in CASES}
    assert set(SITES) <= covered, f"sites without a golden page: {sorted(set(SITES) - covered)}"
    # A directory that names no site would never be tested against a profile.
    assert covered <= set(SITES), f"golden directories of unknown sites: {sorted(covered - set(SITES))}"
    assert {p.name for p in GOLDEN.iterdir()} == covered
