"""Every Scrapy stats key the crawler writes, in one place: the run log, cron and the tests read them back.

Keys are ``abplive/<family>/<name>``. Fixed keys are constants; a family whose names vary (a reason, a kind,
a method) is a prefix, written ``keys.SKIPPED + "known"``.
"""

from __future__ import annotations

from typing import Any

PREFIX = "abplive/"

CRAWL_ID = "abplive/crawl_id"
ARTICLE_PAGES = "abplive/pages/articles"  # article responses the spider parsed
SITEMAPS_PARSED = "abplive/sitemaps/parsed"
SITEMAP_ARTICLE_URLS = "abplive/sitemaps/article_urls"
SITEMAPS_INVALID = "abplive/sitemaps/invalid"  # not a sitemap, or unreadable
SITEMAPS_MISSING_DAYS = "abplive/sitemaps/missing_days"  # a daily file that answered 404/410
SITEMAP_DAYS_READ = "abplive/sitemaps/days_read"  # the window's daily sitemaps read (or missing, or failed)
SITEMAP_SLICES = "abplive/sitemaps/later_slices"  # requests for a large sitemap's next SITEMAP_SLICE entries
FEEDS_PARSED = "abplive/feeds/parsed"
FEED_ARTICLE_URLS = "abplive/feeds/article_urls"
FEEDS_INVALID = "abplive/feeds/invalid"  # not RSS 2.0
RENDER_PAGES = "abplive/render/pages"
RENDER_RETRIED = "abplive/render/retried"
RENDER_FAILED = "abplive/render/failed"
RETRY_AFTER_WAITS = "abplive/retry_after/waits"
REVISITS = "abplive/revisits/requested"  # stored articles fetched again at a revisit point (stealth edits)
REVISITS_NOT_MODIFIED = "abplive/revisits/not_modified"  # …that answered 304: unchanged, no download
CANONICAL_IGNORED = "abplive/canonical/ignored"  # a canonical link naming another page: stored as fetched
DRIFT_ALARM = "abplive/drift/alarm"
STORE_ERRORS = "abplive/store/errors"
STORE_UNSAVED = "abplive/store/unsaved"
# Why the store stopped the crawl: disk_full, database_gone, database_read_only … (pipelines/store.py).
STORE_STOPPED = "abplive/store/stopped"
CAPTURES_WRITTEN = "abplive/captures/written"  # downloads written to WARC files (ABPLIVE_WARC_DIR)
CAPTURES_FAILED = "abplive/captures/failed"  # …that could not be written (disk full, folder gone)
REPLAY_RESPONSES = "abplive/replay/responses"  # article responses read from WARC files (-a warc=)
REPLAY_SKIPPED = "abplive/replay/skipped/"  # records not replayed, by kind: other_host, request …
REPLAY_BYTES = "abplive/replay/bytes_read"  # of the WARC files replayed, how far the replay has read
REPLAY_CORRUPT = "abplive/replay/corrupt"  # files that ended in a truncated or unreadable record
# A history crawl from a web archive (-a archive=), per archive host: ARCHIVE + "<host>/<count>", counts
# listed (captures its index named), identical (skipped: their digest already read), fetched, and
# dropped/<reason> (not_html, redirect, truncated, status_404 …); ARCHIVE + "slices" the index answers read.
ARCHIVE = "abplive/archive/"
ARCHIVE_SLICES = "abplive/archive/slices"
ARCHIVE_REFUSED = "abplive/archive/refused"  # why the run stopped: the archive refused request after request
# A history crawl names its archive here; NEWEST_READ is the newest capture day an earlier run read from it,
# and ARCHIVE + "<host>/not_abp" counts the captures of a host that is no ABP site's (a copy's, 127.0.0.1).
ARCHIVE_NAME = "abplive/archive_source"
ARCHIVE_NEWEST_READ = "abplive/archive_newest_read"

SKIPPED = "abplive/skipped/"  # never requested: known, old_lastmod, amp, video, sitemap_out_of_window, …
DROPPED = "abplive/dropped/"  # fetched, not stored: gone, no_title, no_body, too_old, too_new, not_html
FAILED = "abplive/failed/"  # an article that could not be fetched: http_500, timeout, too_large, …
DISCOVERY_FAILED = "abplive/discovery_failed/"  # robots.txt, a sitemap or a listing, likewise
# The first failure of each host, "<host>": "<reason>": a crawl that reached no site says why in one line.
FIRST_FAILURE = "abplive/first_failure/"
EXIT_STATUS = "abplive/exit_status"  # set when the crawl reached no site: `scrapy crawl` exits with it
EXTRACTION = "abplive/extraction/"  # how each article page's body was found: abp, uikit, jsonld, fallback
ARTICLES = "abplive/articles/"  # what the store did: new, updated, unchanged, removed


FIELDS = "abplive/fields/"  # article pages (200) fetched, and those with a title, body, published_at
SITES = "abplive/sites/"  # per-site copies of the counts above: abplive/sites/<site key>/<family>/<name>


def for_site(key: str, site: str) -> str:
    """A count's per-site copy: ``abplive/dropped/x`` -> ``abplive/sites/abplive-mr/dropped/x``."""
    return f"{SITES}{site}/{key.removeprefix(PREFIX)}"


def count_for_site(stats: Any, key: str, site: str) -> None:
    """Count ``key`` in the run's totals and in ``site``'s copy (a Scrapy stats collector)."""
    stats.inc_value(key)
    stats.inc_value(for_site(key, site))


def by_site(stats: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The per-site counts under plain keys: ``{"abplive-mr": {"abplive/dropped/no_body": 2}}``."""
    sites: dict[str, dict[str, Any]] = {}
    for key, value in stats.items():
        if key.startswith(SITES):
            site, _, rest = key.removeprefix(SITES).partition("/")
            sites.setdefault(site, {})[PREFIX + rest] = value
    return sites


def family(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The keys of one family with their names only: ``{"http_500": 2, "timeout": 1}``."""
    return {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}
