"""The project's packages are the repo's own, not same-named packages from PyPI."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from tests.crawlrun import REPO


@pytest.mark.parametrize("package", ["crawler", "spiders", "pipelines"])
def test_package_is_imported_from_the_repo(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None
    assert module.__file__.startswith(str(REPO / package))


def test_scrapy_finds_the_spider_from_the_repo_root() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["abplive"]


def test_the_pure_packages_import_nothing_from_scrapy() -> None:
    """Sites, extraction and cleaning are plain functions over (url, html): usable without Scrapy."""
    code = (
        "import sys, crawler.sites, crawler.extraction.article, crawler.cleaning.rules, crawler.clock;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
