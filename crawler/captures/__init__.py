"""Captures: every download kept as fetched in standard WARC 1.1 files (warcio), and read back from them.

``writer`` writes exchanges (request + response, or a revisit for a 304) into rotated ``.warc.gz`` files;
``reader`` reads the project's own files and third-party ones (Common Crawl's CC-NEWS, Webrecorder, Wayback
exports) into responses to replay. Pure: no Scrapy. The Scrapy side is ``crawler.components.capture``
(writing) and ``crawler.components.replay`` (reading); the ``captures`` table is
``crawler.storage.captures``'.
"""
