"""Spider arguments (``-a name=value``, always strings): parsed and validated once, with one-line errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from crawler.sites import DEFAULT_SITE, SITES, Site, get_site
from crawler.sites.urls import CONTENT_KINDS, classify_url, without_query
from crawler.sites.urls import origin as origin_of

_SECTION = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)*$")
# No ABP site had articles before this day: a window cannot start earlier (a mistyped 0001-01-01 would
# otherwise mean 740,000 daily-sitemap requests).
EARLIEST_DAY = date(2014, 1, 1)


@dataclass(frozen=True)
class Window:
    """The publication days a crawl stores, ``since`` … ``until`` (each end may be open)."""

    since: date | None = None
    until: date | None = None

    def holds(self, day: date) -> bool:
        return not (self.since and day < self.since) and not (self.until and day > self.until)


@dataclass(frozen=True)
class Target:
    """One site of a crawl and the origin it is fetched from: its own, or a copy's (``-a base_url``)."""

    site: Site
    base_url: str  # an origin: scheme://host[:port], no trailing slash

    @property
    def hostname(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def former_hosts(self) -> tuple[str, ...]:
        """The site's hosts before (a capture of them is the site's page); none for a copy's origin."""
        return self.site.former_hosts if self.base_url == self.site.base_url else ()

    def daily_sitemap_url(self, day: date) -> str:
        return self.base_url + day.strftime(self.site.daily_sitemap_path)

    def listing_url(self, section: str, page: int) -> str:
        """Page ``page`` of a section listing: ``/<section>``, then the site's ``listing_page`` path."""
        return self.base_url + (
            self.site.listing_page.format(section=section, page=page) if page > 1 else f"/{section}"
        )

    def feed_url(self, section: str) -> str:
        return self.base_url + self.site.feed_path.format(section=section)


@dataclass(frozen=True)
class CrawlOptions:
    # The sites crawled, each at its origin; one run crawls them side by side (Scrapy's per-host slots keep
    # each as polite as a crawl of it alone).
    targets: tuple[Target, ...]
    url: str | None
    sections: tuple[str, ...]
    pages: int
    since: date | None
    until: date | None = None
    # Refetch articles the database already has.
    refresh: bool = False
    # "none", "auto" (only pages that need it) or "all": which article pages a browser renders.
    render: str = "none"
    # Days whose daily sitemap is requested directly (an explicit -a since: a backfill is one command).
    sitemap_days: tuple[date, ...] = ()
    # Replay: WARC files (or folders of them) read instead of the network (-a warc=PATH[,PATH…]).
    warc: tuple[Path, ...] = ()
    # The kinds of page fetched and stored (-a kinds=article,liveblog): all of CONTENT_KINDS by default.
    kinds: tuple[str, ...] = CONTENT_KINDS
    # History from a web archive (-a archive=ia|cc|URL): its captures, not the live sites.
    archive: str | None = None

    @property
    def window(self) -> Window:
        """The publication days stored. A history crawl's since/until bound the capture days asked of the
        archive instead: an article captured then is history whenever it was published."""
        return Window() if self.archive else Window(self.since, self.until)

    def target_for(self, url: str) -> Target | None:
        """The crawled site a URL belongs to, by its origin; None for any other origin."""
        return self._by_origin.get(origin_of(url))

    def target_by_host(self, url: str) -> Target | None:
        """The site a captured URL is on: by host (and by port only for a copy's origin, -a base_url)."""
        parts = urlsplit(url)
        by_port = self._by_host.get(parts.hostname or "")
        if not by_port:
            return None
        return by_port.get(None) or by_port.get(parts.port)

    @cached_property
    def _by_host(self) -> dict[str, dict[int | None, Target]]:
        """Host -> the origin's port (None: any) -> its site; the first site of an origin wins."""
        hosts: dict[str, dict[int | None, Target]] = {}
        for target in self.targets:
            origin = urlsplit(target.base_url)
            hosts.setdefault(origin.hostname or "", {}).setdefault(origin.port, target)
            for former in target.former_hosts:
                hosts.setdefault(former, {}).setdefault(None, target)
        return hosts

    def not_replayed(self, url: str) -> str | None:
        """Why a captured URL is not stored (None: it is): another host, or not a page of a wanted kind.
        Matched by host, whatever the scheme or port the capture used."""
        target = self.target_by_host(url)
        if target is None:
            return "other_host"
        kind = classify_url(url, target.site)
        return None if kind in self.kinds else f"not_article_{kind}"

    @cached_property
    def _by_origin(self) -> dict[tuple[str, str, int | None], Target]:
        return {origin_of(target.base_url): target for target in self.targets}


ARGUMENTS = (
    "site", "base_url", "url", "sections", "pages", "since", "until", "refresh", "render", "warc", "kinds",
    "archive",
)  # fmt: skip
# -a archive: the Wayback Machine, Common Crawl's main crawls, or a pywb collection's URL.
ARCHIVES = ("ia", "cc")
RENDER_MODES = ("none", "auto", "all")
_BOOLEANS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False, "": False}


def parse_options(args: Mapping[str, str], *, today: date, default_days: int) -> CrawlOptions:
    """Validate the spider's arguments; a ``ValueError`` with a one-line message names the bad one.

    ``today`` is the crawl clock's day (``crawler.clock.CrawlClock.today``)."""
    # Names starting with "_" are scrapyd's (_job, _version …), not ours.
    unknown = sorted(name for name in args if name not in ARGUMENTS and not name.startswith("_"))
    if unknown:
        raise ValueError(f"unknown argument -a {unknown[0]}; known: {', '.join(ARGUMENTS)}")
    url, since = args.get("url"), args.get("since")
    warc = _warc_paths(args["warc"]) if args.get("warc") else ()
    if warc and url:
        raise ValueError("-a warc: a replay stores what the files hold; -a url does not apply")
    archive = _archive(args["archive"]) if args.get("archive") else None
    if archive and (warc or url or args.get("base_url")):
        raise ValueError(
            "-a archive: a history crawl reads the archive's captures of the sites' own URLs; "
            "-a warc, -a url and -a base_url do not apply"
        )
    profiles = _sites(args.get("site", DEFAULT_SITE))
    origins = [profile.base_url for profile in profiles]
    if args.get("base_url"):
        origins = [_origin("base_url", value) for value in _list(args["base_url"])]
        if len(origins) != len(profiles):
            raise ValueError(
                f"-a base_url: {len(origins)} origins for {len(profiles)} sites; give one per site, in the "
                "order of -a site"
            )
    article_url = None
    if url:
        if len(profiles) > 1:
            raise ValueError(f"-a url={url}: a single article belongs to one site; name it with -a site")
        article_url = without_query(_checked_url("url", url))
        if args.get("base_url") and urlsplit(article_url).netloc != urlsplit(origins[0]).netloc:
            raise ValueError(f"-a url={url}: not on the crawl's host {origins[0]}")
        if not args.get("base_url"):
            origins = [_origin("url", article_url, allow_path=True)]
    if len(set(origins)) != len(origins):
        raise ValueError("-a base_url: two sites at one origin; each site needs its own")
    until = _day_in_range("until", args["until"], today) if args.get("until") else None
    if article_url or (warc and not since):
        window_start = None  # one named article, or a replay without -a since: whatever its date
    elif since:
        window_start = _day_in_range("since", since, today)
    else:
        window_start = today - timedelta(days=default_days)
    if window_start and until and until < window_start:
        raise ValueError(f"-a until={args['until']}: before the window's start {window_start}")
    # Days whose daily sitemaps are read: a backfill of the live sites (not a replay or a history crawl).
    by_date = bool(window_start and since and not warc and not archive)
    return CrawlOptions(
        targets=tuple(Target(profile, origin) for profile, origin in zip(profiles, origins, strict=True)),
        url=article_url,
        sections=_sections(args.get("sections")),
        pages=_positive_int("pages", args.get("pages", "2")),
        since=window_start,
        until=None if article_url else until,
        refresh=_boolean("refresh", args.get("refresh", "")),
        render=_choice("render", args.get("render", "none"), RENDER_MODES),
        sitemap_days=_days(window_start, until or today) if by_date else (),
        warc=warc,
        kinds=_kinds(args["kinds"]) if "kinds" in args else CONTENT_KINDS,
        archive=archive,
    )


def _archive(value: str) -> str:
    name = value.strip()
    if name.lower() in ARCHIVES:
        return name.lower()
    if "://" not in name:
        raise ValueError(
            f"-a archive={value}: expected ia (the Wayback Machine), cc (Common Crawl) or a pywb "
            "collection's URL such as http://127.0.0.1:8080/my-collection"
        )
    return _checked_url("archive", name).rstrip("/")


def _kinds(value: str) -> tuple[str, ...]:
    kinds = _list(value)
    unknown = [kind for kind in kinds if kind not in CONTENT_KINDS]
    if unknown or not kinds:
        raise ValueError(f"-a kinds={value}: expected one or more of {', '.join(CONTENT_KINDS)}")
    return tuple(dict.fromkeys(kinds))


def _warc_paths(value: str) -> tuple[Path, ...]:
    paths = tuple(Path(part) for part in _list(value))
    missing = [str(path) for path in paths if not path.exists()]
    if not paths or missing:
        raise ValueError(f"-a warc={value}: no such file or folder: {', '.join(missing) or value}")
    return paths


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _sites(value: str) -> list[Site]:
    """``abplive-mr``, ``abplive-hi,abplive-mr`` or ``all`` (every site of the registry)."""
    keys = list(SITES) if value.strip().lower() == "all" else list(dict.fromkeys(_list(value)))
    if not keys:
        raise ValueError(f"-a site={value}: expected a site key, a comma-separated list of them, or all")
    try:
        return [get_site(key) for key in keys]
    except ValueError as exc:
        raise ValueError(f"-a site={value}: {exc}") from None


def _checked_url(name: str, value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"-a {name}={value}: expected an http(s) URL such as https://www.abplive.com")
    try:
        parts.port  # noqa: B018 - urllib checks the port only when it is read
    except ValueError:
        raise ValueError(f"-a {name}={value}: the port is not a number from 1 to 65535") from None
    if parts.username is not None or parts.password is not None:
        # They would be sent to the site and kept in the crawls table, which Datasette shows.
        raise ValueError(f"-a {name}: a URL with a user name or password is not accepted")
    return value.strip()


def _origin(name: str, value: str, *, allow_path: bool = False) -> str:
    parts = urlsplit(_checked_url(name, value))
    if not allow_path and parts.path.strip("/"):
        raise ValueError(
            f"-a {name}={value}: expected an origin without a path, such as http://127.0.0.1:8000"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _sections(value: str | None) -> tuple[str, ...]:
    sections = tuple(s.strip().strip("/") for s in (value or "").split(",") if s.strip().strip("/"))
    for section in sections:
        if not _SECTION.match(section):
            raise ValueError(f"-a sections={value}: {section!r} is not a path such as news/india")
    return sections


def _positive_int(name: str, value: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValueError(f"-a {name}={value}: expected a whole number of at least 1")
    return number


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"-a {name}={value}: expected a date as YYYY-MM-DD") from None


def _day_in_range(name: str, value: str, today: date) -> date:
    day = _date(name, value)
    if day < EARLIEST_DAY:
        raise ValueError(f"-a {name}={value}: before {EARLIEST_DAY}, older than any ABP site's articles")
    if day > today:
        raise ValueError(f"-a {name}={value}: after today ({today}); a crawl cannot reach future days")
    return day


def _days(first: date, last: date) -> tuple[date, ...]:
    return tuple(first + timedelta(n) for n in range((last - first).days + 1))


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value.strip().lower() not in choices:
        raise ValueError(f"-a {name}={value}: expected one of {', '.join(choices)}")
    return value.strip().lower()


def _boolean(name: str, value: str) -> bool:
    try:
        return _BOOLEANS[value.strip().lower()]
    except KeyError:
        raise ValueError(f"-a {name}={value}: expected 1 or 0") from None
