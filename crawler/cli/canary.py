"""``make canary``: after a drift alarm, check a handful of the newest live articles field by field.

    python -m crawler.cli.canary [--site KEY[,KEY…]|all] [--base-url URL] [--count 5] [URL ...]

For each site, finds the newest article URLs through robots.txt and the sitemaps (or takes the URLs given, for
one site), fetches each page and prints, per field, which selector chain entry matched — or that only the
generic fallback found a body — and the read-also labels that only the shape rule recognised (candidates for
the site's marker list); for the newest live blog, gallery and video, what their structured data or markup
gave (entries, captions, a description). Exit status: 0 when every page's body (a live blog's entries) came
from a known template or structured data, 1 otherwise, 2 when a site's sitemaps could not be read.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from collections.abc import Callable

from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.extraction.article import extract_article, field_sources, read_also_by_shape
from crawler.items import Article
from crawler.settings import USER_AGENT
from crawler.sites import DEFAULT_SITE, SITES, Site
from crawler.sites.urls import ARTICLE, CONTENT_KINDS, LIVEBLOG, classify_url

# Enough to reach today's daily sitemap through an index, not a walk of the whole archive.
MAX_SITEMAPS = 8
TEMPLATE_BODIES = ("abp", "uikit")

Fetch = Callable[[str], bytes]


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def newest_article_urls(base_url: str, site: Site, count: int, fetch: Fetch) -> list[str]:
    """The ``count`` article URLs with the latest ``lastmod`` in the sitemaps robots.txt lists, and the newest
    live blog, gallery and video among them (each kind is checked by what it gives)."""
    queue = list(sitemap_urls_from_robots(fetch(f"{base_url}/robots.txt"), base_url=base_url))
    articles: dict[str, str] = {}
    others: dict[str, tuple[str, str]] = {}  # kind -> (lastmod, URL) of its newest page
    for _ in range(MAX_SITEMAPS):
        if not queue:
            break
        try:
            sitemap = Sitemap(fetch(queue.pop(0)))
        except (OSError, ValueError):
            continue
        entries = sorted(sitemap, key=lambda e: e.get("lastmod") or "", reverse=True)
        if sitemap.type == "sitemapindex":
            queue[:0] = [e["loc"] for e in entries[:2]]  # the newest children first
        else:
            for entry in entries:
                kind, lastmod = classify_url(entry["loc"], site), entry.get("lastmod") or ""
                if kind == ARTICLE:
                    articles.setdefault(entry["loc"], lastmod)
                elif kind in CONTENT_KINDS and (lastmod, entry["loc"]) > others.get(kind, ("", "")):
                    others[kind] = (lastmod, entry["loc"])
    newest = sorted(articles, key=articles.__getitem__, reverse=True)[:count]
    return newest + [url for _, url in sorted(others.values(), reverse=True)]


def check(urls: list[str], site: Site, fetch: Fetch) -> int:
    """Print each page's field sources and shape-rule labels; how many pages got their body from a known
    template."""
    matched = 0
    labels: dict[str, None] = {}
    for url in urls:
        print(url)
        try:
            html = fetch(url).decode("utf-8", errors="replace")
        except OSError as exc:  # HTTP errors included
            print(f"  could not fetch: {exc}\n")
            continue
        sources = field_sources(url, html, site)
        for field, source in sources.items():
            print(f"  {field:<10} {source}")
        article = extract_article(url, html, site)
        if article.kind != ARTICLE:
            found = f"{len(article.live_entries)} entries" if article.kind == LIVEBLOG else "its text"
            print(f"  kind       {article.kind}: {found} from {article.extraction or 'nothing'}")
        page_labels = read_also_by_shape(html, site)
        if page_labels:
            print(f"  read-also  by shape: {' | '.join(page_labels)}")
            labels.update(dict.fromkeys(page_labels))
        print()
        matched += (
            kind_matched(article)
            if article.kind != ARTICLE
            else sources["body"].split(":")[0] in TEMPLATE_BODIES
        )
    print(f"{site.key}: read-also labels only the shape rule removed: {' | '.join(labels) or 'none'}")
    print(f"{site.key}: known templates gave the body of {matched} of {len(urls)} pages")
    return matched


def kind_matched(article: Article) -> bool:
    """A live blog matched when its structured data gave entries; a gallery or a video when its captions or
    description came from its own markup, not only from the standfirst."""
    if article.kind == LIVEBLOG:
        return bool(article.live_entries)
    return bool(article.extraction) and not article.extraction.endswith("-description")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Which selectors still match the newest live articles")
    parser.add_argument("urls", nargs="*", help="check these pages instead of the newest ones")
    parser.add_argument("--site", default=DEFAULT_SITE, help="a site key, a comma-separated list, or all")
    parser.add_argument("--base-url", help="the site's origin, for one site (default: the site profile's)")
    parser.add_argument("--count", type=int, default=5)
    args = parser.parse_args(argv)
    keys = list(SITES) if args.site == "all" else [key.strip() for key in args.site.split(",") if key.strip()]
    unknown = [key for key in keys if key not in SITES]
    if unknown or not keys:
        parser.error(f"--site {args.site}: known sites are {', '.join(sorted(SITES))}, or all")
    if len(keys) > 1 and (args.base_url or args.urls):
        parser.error("--base-url and URLs are for one site: name it with --site")
    return max(check_site(SITES[key], args.base_url, args.urls, args.count) for key in keys)


def check_site(site: Site, base_url: str | None, urls: list[str], count: int) -> int:
    """One site's exit status: 0 all bodies from known templates, 1 not, 2 its sitemaps could not be read."""
    base_url = (base_url or site.base_url).rstrip("/")
    print(f"== {site.key} ({'the pages given' if urls else base_url})\n")
    try:
        urls = urls or newest_article_urls(base_url, site, count, fetch)
    except OSError as exc:
        print(f"canary: cannot read the sitemaps of {base_url}: {exc}", file=sys.stderr)
        return 2
    if not urls:
        print(f"canary: the sitemaps of {base_url} list no article", file=sys.stderr)
        return 2
    return 0 if check(urls, site, fetch) == len(urls) else 1


if __name__ == "__main__":
    raise SystemExit(main())
