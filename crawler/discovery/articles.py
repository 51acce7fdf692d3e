"""Every article request, whichever source found the URL: its priority, the statuses its callback handles,
what the known-URL middleware checks, and whether it is rendered; revisits asked conditionally."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scrapy import Request

from crawler.components.known import CHECK_KNOWN
from crawler.components.render import render_meta
from crawler.components.takedowns import ARTICLE_REQUEST
from crawler.discovery.scope import Scope

GONE = (404, 410)
NOT_MODIFIED = 304
# For the requests whose callbacks handle a missing page themselves (HttpErrorMiddleware passes them on).
HANDLES_GONE = {"handle_httpstatus_list": list(GONE)}
# Article requests outrank discovery: the scheduler holds one sitemap slice's articles at a time, not a
# whole backfill's, so memory depends on neither the length of the crawl nor the size of a sitemap.
ARTICLE_PRIORITY = 1


class ArticleRequests:
    """Makes the crawl's article requests, answered by ``callback`` (or ``errback`` when the fetch fails)."""

    def __init__(
        self, scope: Scope, settings: Any, callback: Callable[..., Any], errback: Callable[..., Any]
    ) -> None:
        self.scope = scope
        self.render = scope.options.render
        self.render_patterns = [re.compile(p) for p in settings.getlist("ABPLIVE_RENDER_URL_PATTERNS")]
        self.render_timeout = settings.getfloat("ABPLIVE_RENDER_TIMEOUT")
        self.callback = callback
        self.errback = errback

    def request(
        self,
        url: str,
        *,
        lastmod: str | None = None,
        rendered: bool = False,
        plain: Any = None,
        check_known: bool = True,
    ) -> Request:
        """``url``'s request; ``plain``: the article its plain fetch gave, for its rendered refetch."""
        if self.render == "all" or (
            self.render == "auto" and any(p.search(url) for p in self.render_patterns)
        ):
            rendered = True
        # A deleted article is recorded (so later runs skip it); the known-URL middleware reads the lastmod.
        meta: dict[str, Any] = {**HANDLES_GONE, CHECK_KNOWN: check_known, ARTICLE_REQUEST: True}
        if lastmod:
            meta["sitemap_lastmod"] = lastmod
        if rendered:
            meta |= render_meta(self.scope.site(url), self.render_timeout)
        return Request(
            url,
            callback=self.callback,
            errback=self.errback,
            priority=ARTICLE_PRIORITY,
            meta=meta,
            cb_kwargs={"plain": plain} if plain is not None else None,
            dont_filter=plain is not None,  # the second, rendered fetch of a page already fetched plain
        )

    def revisit(self, url: str, etag: str | None, last_modified: str | None) -> Request:
        """A stored article fetched again to catch an edit the sitemap did not announce: asked conditionally,
        so an unchanged page answers 304 without a body."""
        request = self.request(url, check_known=False)
        request.meta["handle_httpstatus_list"] = [*GONE, NOT_MODIFIED]
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified
        return request
