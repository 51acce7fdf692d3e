"""The canary, offline against the local copy of the site."""

from __future__ import annotations

import subprocess
import sys

from tests.crawlrun import REPO
from tests.localsite import LocalSite

SONIA = "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
REDESIGN = "/news/india/sonia-gandhi-message-congress-leaders-redesign-1398124"


def canary(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.canary", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_newest_article_matches_the_known_templates() -> None:
    with LocalSite() as site:
        result = canary("--base-url", site.origin, "--count", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == site.origin + SONIA  # the newest lastmod in the sitemaps
    assert "  title      h1.abp-article-title" in lines
    assert "  author     div.abp-article-byline-author a" in lines
    assert "  body       abp: div.abp-story-detail" in lines
    assert lines[-1] == "known templates gave the body of 1 of 1 pages"


def test_a_redesigned_page_shows_which_fields_only_the_fallback_found() -> None:
    with LocalSite() as site:
        result = canary(site.origin + REDESIGN, site.origin + SONIA)
    assert result.returncode == 1
    redesign = result.stdout.split("\n\n")[0].splitlines()
    assert redesign[0] == site.origin + REDESIGN
    assert "  body       fallback" in redesign
    assert "  author     fallback" in redesign
    assert '  title      meta[property="og:title"]::attr(content)' in redesign
    assert "  section    url path" in redesign
    assert result.stdout.splitlines()[-1] == "known templates gave the body of 1 of 2 pages"


def test_unreachable_site_is_a_clear_error() -> None:
    result = canary("--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert result.stderr.startswith("canary: cannot read the sitemaps of http://127.0.0.1:9")
