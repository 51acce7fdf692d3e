"""What a discovered URL is, and the one form of it the crawler requests and stores."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.sites import Site

ARTICLE = "article"


def without_query(url: str) -> str:
    """The URL without query string and fragment: tracking parameters never make a second article."""
    return url.partition("#")[0].partition("?")[0]


def classify_url(url: str, site: Site) -> str:
    """``"article"``, one of the site's skipped kinds (``"video"``, ``"amp"``, …), or ``"other"``."""
    path = urlsplit(url).path.lower()
    for kind, pattern in site.skipped_paths:
        if re.search(pattern, path):
            return kind
    return ARTICLE if re.match(site.article_path, path) else "other"


def canonical_url(fetched_url: str, canonical_href: str | None) -> str:
    """The page's canonical URL when it points to the fetched page's own host, else the fetched URL."""
    if canonical_href:
        canonical = urljoin(fetched_url, canonical_href.strip())
        if urlsplit(canonical).netloc == urlsplit(fetched_url).netloc:
            return without_query(canonical)
    return without_query(fetched_url)


def section_from_path(url: str) -> str | None:
    """``news/india`` for ``/news/india/some-slug-123``: the path without its final segment."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return "/".join(segments[:-1]) or None
