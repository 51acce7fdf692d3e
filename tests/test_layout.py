"""The project's packages are the repo's own, not same-named packages from PyPI."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

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


# The floors, top first: a module imports only from its own floor or a lower one, never in a circle.
FLOORS = (
    ("spiders", "pipelines", "crawler.cli"),  # entry points: what Scrapy and a person start
    ("crawler.discovery",),  # where requests come from
    ("crawler.components", "crawler.monitoring", "crawler.backfill"),  # Scrapy plumbing, alerts, backfill
    # the archive, WARC files, the dataset, web archives' indexes
    ("crawler.storage", "crawler.captures", "crawler.export", "crawler.archives"),
    ("crawler.extraction", "crawler.options", "crawler.validation"),  # pure: (url, html) -> what is stored
    ("crawler.cleaning", "crawler.items", "crawler.search", "crawler.reading", "crawler.reporting"),
    ("crawler.markup", "crawler.sites"),  # pure: HTML tree, text, dates; every fact about a site
    ("crawler.stats", "crawler.errors", "crawler.clock", "crawler.settings"),
)
MAX_MODULE_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("crawler", "spiders", "pipelines"):
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _floor(module: str) -> int | None:
    for level, prefixes in enumerate(FLOORS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return level
    return None


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``path`` imports, at any depth of its code."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in known}


def test_every_module_has_a_floor() -> None:
    assert [module for module in _modules() if module != "crawler" and _floor(module) is None] == []


def test_no_import_runs_up_a_floor() -> None:
    known = _modules()
    upward = [
        f"{module} (floor {_floor(module)}) imports {imported} (floor {_floor(imported)})"
        for module, path in known.items()
        for imported in _imports(path, known)
        if imported != "crawler" and module != "crawler" and _floor(imported) < _floor(module)
    ]
    assert upward == []


def test_no_import_goes_in_a_circle() -> None:
    known = _modules()
    graph = {module: _imports(path, known) - {"crawler"} for module, path in known.items()}
    # A package's __init__ is not a step of a circle through its own modules.
    graph = {m: {i for i in imports if not m.startswith(i + ".")} for m, imports in graph.items()}
    circles = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                circles.append(" -> ".join([*trail[trail.index(imported) :], imported]))
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        module: lines
        for module, path in _modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_readme_is_a_newcomer_s_page_and_every_page_it_links_exists() -> None:
    """What it is, the two commands, what to do next, links to docs/: 12 KB at most (tables and figures live
    in docs/); no link into docs/ leads nowhere, from the README or between the docs."""
    readme = REPO / "README.md"
    assert readme.stat().st_size <= 12 * 1024
    text = readme.read_text(encoding="utf-8")
    assert "make crawl" in text and "make test" in text and "make demo" in text
    for page in [readme, *(REPO / "docs").glob("*.md")]:
        base = page.parent
        for target in re.findall(
            r"\]\(((?:docs/)?[\w-]+\.md)(?:#[\w-]+)?\)", page.read_text(encoding="utf-8")
        ):
            assert (base / target).is_file(), f"{page.name} links {target}, which does not exist"
