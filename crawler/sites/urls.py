"""What a discovered URL is, and the one form of it the crawler requests and stores."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.sites import Site

ARTICLE, LIVEBLOG, GALLERY, VIDEO = "article", "liveblog", "gallery", "video"
# The kinds of page the crawler stores (``articles.kind``); every other kind of URL is skipped.
CONTENT_KINDS = (ARTICLE, LIVEBLOG, GALLERY, VIDEO)
_ARTICLE_ID = re.compile(r"-(\d+)/?$")


def without_query(url: str) -> str:
    """The URL without query string and fragment: tracking parameters never make a second article."""
    return url.partition("#")[0].partition("?")[0]


def classify_url(url: str, site: Site) -> str:
    """``"article"``, another of the site's URL kinds (``"liveblog"``, ``"video"``, ``"amp"``, …), or
    ``"other"``. A live blog has the article path; a gallery or video path counts only with a numeric id."""
    path = urlsplit(url).path.lower()
    for kind, pattern in site.url_kinds:
        if re.search(pattern, path):
            if kind in CONTENT_KINDS and not _ARTICLE_ID.search(path):
                return "other"  # a section's gallery or video listing, the live TV page
            return kind
    return ARTICLE if re.match(site.article_path, path) else "other"


def canonical_url(fetched_url: str, canonical_href: str | None) -> tuple[str, bool]:
    """(the URL to store the page under, whether its canonical link was ignored).

    The canonical URL when it names the same article on the same origin (the same numeric id: a slug may
    change), else the fetched URL: a canonical link must never let one page overwrite another page's row.
    """
    fetched = without_query(fetched_url)
    if not canonical_href:
        return fetched, False
    canonical = without_query(urljoin(fetched_url, canonical_href.strip()))
    same_origin = urlsplit(canonical).netloc == urlsplit(fetched).netloc
    if same_origin and article_id(fetched) is not None and article_id(canonical) == article_id(fetched):
        return canonical, False
    return fetched, canonical != fetched


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the port filled in for http(s): what "the same site" compares."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a port at all: no origin matches it
        return parts.scheme, "", None
    return parts.scheme, parts.hostname or "", port or {"http": 80, "https": 443}.get(parts.scheme)


def article_id(url: str) -> str | None:
    """The numeric id an article URL ends with (``…-1398123``), or None."""
    match = _ARTICLE_ID.search(urlsplit(url).path)
    return match.group(1) if match else None


def section_from_path(url: str) -> str | None:
    """``news/india`` for ``/news/india/some-slug-123``: the path without its final segment."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return "/".join(segments[:-1]) or None
