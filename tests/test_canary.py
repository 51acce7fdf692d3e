"""The canary, offline against the local copy of the site."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.crawlrun import REPO
from tests.golden import golden_case
from tests.localsite import LIVE_ORIGIN, LocalSite

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
    assert lines[0] == f"== abplive-hi ({site.origin})"
    assert lines[2] == site.origin + SONIA  # the newest lastmod in the sitemaps
    assert "  title      h1.abp-article-title" in lines
    assert "  author     div.abp-article-byline-author a" in lines
    assert "  body       abp: div.abp-story-detail" in lines
    assert lines[-2] == "abplive-hi: read-also labels only the shape rule removed: none"
    assert lines[-1] == "abplive-hi: known templates gave the body of 1 of 1 pages"


def test_a_redesigned_page_shows_which_fields_only_the_fallback_found() -> None:
    with LocalSite() as site:
        result = canary(site.origin + REDESIGN, site.origin + SONIA)
    assert result.returncode == 1
    redesign = result.stdout.split("\n\n")[1].splitlines()
    assert redesign[0] == site.origin + REDESIGN
    assert "  body       fallback" in redesign
    assert "  author     fallback" in redesign
    assert '  title      meta[property="og:title"]::attr(content)' in redesign
    assert "  section    url path" in redesign
    assert result.stdout.splitlines()[-1] == "abplive-hi: known templates gave the body of 1 of 2 pages"


def test_unreachable_site_is_a_clear_error() -> None:
    result = canary("--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert result.stderr.startswith("canary: cannot read the sitemaps of http://127.0.0.1:9")


def test_labels_only_the_shape_rule_recognised_are_printed_per_site() -> None:
    """An unlisted read-also wording on a Tamil page: removed by its shape, and named so the marker list can
    be completed from live pages."""
    golden = golden_case("abplive-ta", "abp")
    page = (golden / "page.html").read_text(encoding="utf-8")
    label = "<p><strong>இதையும் படிங்க:</strong></p><p><a href='/news/x-1'>வேறு செய்தி</a></p>"
    with LocalSite(site="abplive-ta") as site:
        site.serve("/news/tamil-nadu/unlisted-label-story-2345679", page.replace("</p>", "</p>" + label, 1))
        result = canary("--site", "abplive-ta", site.origin + "/news/tamil-nadu/unlisted-label-story-2345679")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  read-also  by shape: இதையும் படிங்க:" in result.stdout.splitlines()
    # The page's listed marker (மேலும் படிக்க) is not a candidate: only the unlisted wording is named.
    assert (
        "abplive-ta: read-also labels only the shape rule removed: இதையும் படிங்க:"
        in result.stdout.splitlines()
    )


def test_several_sites_take_no_single_base_url() -> None:
    result = canary("--site", "abplive-hi,abplive-mr", "--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2 and "--base-url and URLs are for one site" in result.stderr
    assert "known sites are" in canary("--site", "abplive-xx").stderr


def test_a_live_blog_is_checked_by_its_entries() -> None:
    """Given a live blog whose structured data gives entries, and one whose page lost it: the first matches,
    the second fails the canary (a live blog without entries is the drift of its kind)."""
    blog = json.loads((golden_case("abplive-hi", "liveblog-jsonld") / "meta.json").read_text())["url"]
    path = blog.replace(LIVE_ORIGIN, "")
    with LocalSite() as site:
        matched = canary("--base-url", site.origin, site.origin + path)
        html = (golden_case("abplive-hi", "liveblog-jsonld") / "page.html").read_text(encoding="utf-8")
        site.serve(path, html.replace("LiveBlogPosting", "Thing"))
        lost = canary("--base-url", site.origin, site.origin + path)
    assert matched.returncode == 0, matched.stdout + matched.stderr
    assert "  kind       liveblog: 4 entries from liveblog-jsonld" in matched.stdout.splitlines()
    assert (
        lost.returncode == 1 and "  kind       liveblog: 0 entries from nothing" in lost.stdout.splitlines()
    )
