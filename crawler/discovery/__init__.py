"""Where the crawl's requests come from, one source a module: robots.txt and sitemaps (``sitemaps``), the
window's daily sitemaps (``daily``), RSS feeds (``feeds``), the home page and section listings
(``listings``), WARC replay (``replay``); every article request is made by ``articles`` and every URL judged
by ``scope``. Revisits of stored articles are asked of the archive by the known-URL middleware. The spider
only routes: which sources, which callbacks."""
