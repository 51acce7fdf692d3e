"""What makes a finished crawl unhealthy, judged from its Scrapy stats alone (pure: no Scrapy, no I/O).

Each function returns the problems it finds as sentences, empty when all is well. The conditions are the ones
cron judges (``crawler.cli.cron.judge``) plus those a person watching a crawl for years wants to hear about.
"""

from __future__ import annotations

from typing import Any

from crawler import stats as keys
from crawler.storage.crawls import crawl_counts

COVERED_FIELDS = ("title", "body", "published_at")


def missing_articles(stats: dict[str, Any]) -> list[str]:
    """Article pages were fetched, or sitemaps were read, yet nothing was stored or listed."""
    counts = crawl_counts(stats)
    stored = counts["articles_new"] + counts["articles_updated"] + counts["articles_unchanged"]
    problems = []
    if stats.get(keys.ARTICLE_PAGES) and not stored and not stats.get(keys.REVISITS_NOT_MODIFIED):
        problems.append(f"{stats[keys.ARTICLE_PAGES]} article pages were fetched and none was stored")
    if stats.get(keys.SITEMAPS_PARSED) and not stats.get(keys.SITEMAP_ARTICLE_URLS):
        problems.append("the sitemaps were read but listed no article")
    return problems


def drifted_sites(stats: dict[str, Any]) -> list[str]:
    """Sites whose pages no longer matched their known templates (the drift alarm)."""
    return [
        f"{site}: the layout may have changed (known templates matched too few pages; run make canary "
        f"SITES={site})"
        for site, site_stats in sorted(keys.by_site(stats).items())
        if site_stats.get(keys.DRIFT_ALARM)
    ]


def fetch_failures(stats: dict[str, Any], max_share: float, min_failures: int) -> list[str]:
    """Articles that could not be fetched, when more than ``max_share`` of the article requests (and at least
    ``min_failures``) failed."""
    failed = sum(keys.family(stats, keys.FAILED).values())
    attempted = failed + stats.get(keys.ARTICLE_PAGES, 0)
    if failed < min_failures or not attempted or failed / attempted <= max_share:
        return []
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(keys.family(stats, keys.FAILED).items()))
    return [f"{failed} of {attempted} article requests failed ({reasons})"]


def field_coverage(stats: dict[str, Any], minimum: float, min_pages: int) -> list[str]:
    """Sites where fewer than ``minimum`` of the article pages had a title, a body or a publication time."""
    problems = []
    for site, site_stats in sorted(keys.by_site(stats).items()):
        pages = site_stats.get(keys.FIELDS + "pages", 0)
        if pages < min_pages:
            continue
        for name in COVERED_FIELDS:
            if (share := site_stats.get(keys.FIELDS + name, 0) / pages) < minimum:
                problems.append(
                    f"{site}: {name} on {share:.0%} of {pages} article pages (at least {minimum:.0%})"
                )
    return problems
